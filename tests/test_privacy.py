"""model/privacy and the guard around it on built sites: no page, attachment or 事前 table publishes a citizen's
ID number, and a decision that masks a person's name does not show it through an attachment's name."""

from __future__ import annotations

from conftest import run_build
from test_enforcement import SHIQIAN, all_text, decision, site_with

ID = "11010119900307109X"
NEWS = "---\ntitle: {title}\npublished: 2019-07-26 17:30\norgan: 县政府\n{extra}---\n{body}\n"


def personal(result) -> list[tuple[str, int, str]]:
    return sorted((p.path, p.line, p.message) for p in result.problems.errors if p.code == "GK366")


def test_an_id_number_on_any_page_in_any_form_is_an_error_and_nothing_is_published(make_site):
    root = make_site({
        "content/news/a.md": NEWS.format(title="通知", extra="", body="第一段。\n\n请 110101 19900307 109X 同志联系。"),
        "content/news/b.md": NEWS.format(title="１１０１０１１９９００３０７１０９Ｘ的公示", extra="", body="正文。"),
        "content/news/c.md": NEWS.format(title="名单公示", extra=f"attachments:\n  - file: 名单-{ID}.pdf\n    title: 名单\n",
                                         body="正文。"),
        "content/news/名单-11010119900307109X.pdf": b"%PDF-1.4\n",
        "content/news/d.md": NEWS.format(title="联系方式", extra="", body="联系电话 13812345678，办公电话 0813-6102345。"),
    })
    result = run_build(root)
    found = personal(result)
    assert [(path, line) for path, line, _ in found] == [
        ("content/news/a.md", 8), ("content/news/b.md", 2), ("content/news/c.md", 5)], found
    assert all(ID not in message and f"“{ID[:3]}{'*' * 12}{ID[-3:]}”" in message for _, _, message in found)
    assert not result.written  # and an office's phone on an ordinary page is no finding


def test_a_masked_persons_full_name_in_an_attachments_name_is_an_error(make_site):
    masked = decision(title="王大明无证经营案", target_type="自然人", name="王大明", extra=(
        "attachments:\n  - file: 王大明处罚决定书.pdf\n    title: 处罚决定书\n"))
    root = site_with(make_site, {"content/zfgs/cz/p.md": masked, "content/zfgs/cz/王大明处罚决定书.pdf": b"%PDF-1.4\n"})
    found = personal(run_build(root))
    assert len(found) == 1 and "第 1 个附件的文件名或标题含有当事人的全名（页面上只显示“王某”）" in found[0][2], found
    # renamed, the decision is published and the full name appears nowhere in the site
    (root / "content/zfgs/cz/王大明处罚决定书.pdf").rename(root / "content/zfgs/cz/cfjds.pdf")
    (root / "content/zfgs/cz/p.md").write_text(masked.replace("王大明处罚决定书.pdf", "cfjds.pdf"), "utf-8")
    result = run_build(root)
    assert result.written, result.problems.report()
    assert "王大明" not in all_text(root / "site") and "王某无证经营案" in all_text(root / "site")


def test_an_officers_id_number_in_the_shiqian_table_is_an_error_at_its_line(make_site):
    data = SHIQIAN.replace('cert_no: "5103009901001"', f'cert_no: "{ID}"')
    root = site_with(make_site, {"content/_data/enforcement/czj.yml": data, "content/zfgs/cz/a.md": decision()})
    found = personal(run_build(root))
    assert [(path, line) for path, line, _ in found] == [("content/_data/enforcement/czj.yml", 3)], found
    assert "「执法证号」含有不得公开的身份证号" in found[0][2]


def test_a_persons_health_is_never_in_their_decision_and_the_words_are_configurable(make_site):
    sick = decision(target_type="自然人", name="王大明", extra="facts: 当事人自述患有精神疾病。\n",
                    body="第一段。\n\n当事人曾因乙肝住院。")
    root = site_with(make_site, {"content/zfgs/cz/p.md": sick})
    found = personal(run_build(root))
    assert [(line, message) for _, line, message in found] == [
        (7, "含有不得公开的敏感个人信息“精神疾病”"), (15, "正文含有不得公开的敏感个人信息“乙肝”")], found
    company = decision(extra="credit_code: 91510321MA62XR3K1B\nfacts: 未按规定报告传染病疫情，病历书写不规范。\n")
    root = site_with(make_site, {"content/zfgs/cz/c.md": company})  # a clinic's violation may name them
    assert personal(run_build(root)) == []
    root = site_with(make_site, {"content/zfgs/cz/p.md": sick}, "enforcement:\n  sensitive_terms: [住院]\n")
    assert [message for _, _, message in personal(run_build(root))] == ["正文含有不得公开的敏感个人信息“住院”"]


def test_an_id_number_inside_a_csv_or_word_attachment_is_found(make_site, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("补贴发放名单")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    table.cell(1, 0).text, table.cell(1, 1).text = "张三", ID
    document.save(str(tmp_path / "list.docx"))
    extra = ("attachments:\n  - {file: list.csv, title: 名单}\n  - {file: list-gbk.csv, title: 名单}\n"
             "  - {file: list.docx, title: 名单}\n  - {file: fine.csv, title: 统计}\n")
    root = make_site({"content/news/a.md": NEWS.format(title="补贴名单", extra=extra, body="见附件。"),
                      "content/news/list.csv": f"姓名,身份证号\n张三,{ID}\n",
                      "content/news/list-gbk.csv": f"张三,{ID}\n".encode("gb18030"),  # saved by Excel
                      "content/news/list.docx": (tmp_path / "list.docx").read_bytes(),
                      "content/news/fine.csv": "乡镇,户数\n旭阳镇,12\n"})
    result = run_build(root)
    found = [message for _, _, message in personal(result)]
    assert found == [f"第 {n} 个附件的内容含有不得公开的身份证号“110************09X”" for n in (1, 2, 3)], result.problems.report()
