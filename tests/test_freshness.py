"""Freshness against the inspection thresholds: stale and empty columns, the home page, single veto."""

from __future__ import annotations

from datetime import date

from conftest import run_build

NEWS = "---\ntitle: {title}\npublished: {published}\norgan: 县政府\n---\n正文\n"
FRESH = "freshness: {news: 3650, notice: 3650, policy: 3650, personnel: 3650, plan: 3650, home_days: 3650, guide_days: 3650}\n"


def strict_site(make_site, files=None, rules="freshness: {warn_days: 3}\n"):
    """The minimal site with the inspection's real thresholds (14 days for news, 183 for policies …)."""
    root = make_site(files or {})
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8").replace(FRESH, rules), "utf-8")
    return root


def codes(result, severity=None):
    return sorted(p.code for p in result.problems.items if severity is None or p.severity == severity)


def test_stale_column_is_reported_with_its_latest_date(make_site):
    root = strict_site(make_site, {"content/news/new.md": NEWS.format(title="新", published="2019-08-20 09:00")})
    result = run_build(root, today=date(2019, 9, 10))
    stale = [p for p in result.problems.warnings if p.code == "GK524" and p.path.startswith("content/news/")]
    assert [p.path for p in stale] == ["content/news/_index.md"]
    assert "最近一次发布是 2019-08-20，已 21 天未更新" in stale[0].message
    assert result.written  # time findings never stop a build


def test_column_about_to_turn_stale_is_warned(make_site):
    root = strict_site(make_site, {"content/news/new.md": NEWS.format(title="新", published="2019-08-20 09:00")})
    result = run_build(root, today=date(2019, 9, 2))  # 13 days old, 14 allowed, warn 3 days ahead
    [soon] = [p for p in result.problems.warnings if p.code == "GK525" and p.path == "content/news/_index.md"]
    assert "2 天后即超期" in soon.message


def test_home_not_updated_in_two_weeks_fails_the_inspection_but_not_the_build(make_site):
    root = strict_site(make_site)
    build = run_build(root, today=date(2020, 6, 1))
    assert build.written and "GK520" in codes(build, "warning")
    check = run_build(root, today=date(2020, 6, 1), write=False, inspection=True)
    assert "GK520" in codes(check, "error")
    fresh = run_build(root, today=date(2019, 8, 1), write=False, inspection=True)  # the news of 2019-07-26
    assert "GK520" not in codes(fresh)


def key_columns_site(make_site, stale_extra: int):
    """The fixture's catalogue and rules columns go stale by autumn 2019; add notice columns, some stale."""
    files = {"content/news/today.md": NEWS.format(title="今天", published="2019-09-30")}
    for i in range(3):
        files[f"content/c{i}/_index.md"] = f"---\ntitle: 栏目{i}\n---\n"
        files[f"content/c{i}/a.md"] = NEWS.format(title=f"信息{i}", published="2019-01-10" if i < stale_extra else "2019-09-20")
    root = strict_site(make_site, files)
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8").replace(
        "  news: news\n", "  news: news\n" + "".join(f"  c{i}: notice\n" for i in range(3))), "utf-8")
    return root


def test_five_stale_key_columns_are_a_single_veto(make_site):
    root = key_columns_site(make_site, stale_extra=3)  # catalogue + rules + three notice columns
    result = run_build(root, today=date(2019, 10, 1), write=False, inspection=True)
    [veto] = [p for p in result.problems.errors if p.code == "GK521"]
    assert veto.message.startswith("5 个动态要闻、通知公告、政策文件类栏目超期未更新")
    assert sorted(path for path, _ in veto.others) == [
        "content/c0/_index.md", "content/c1/_index.md", "content/c2/_index.md", "content/gk/items/_index.md",
        "content/gk/rules/_index.md"]
    assert run_build(root, today=date(2019, 10, 1)).written  # a build only warns


def test_four_stale_key_columns_are_not_yet_a_veto(make_site):
    root = key_columns_site(make_site, stale_extra=2)
    result = run_build(root, today=date(2019, 10, 1), write=False, inspection=True)
    assert "GK521" not in codes(result, "error")


def test_empty_columns_need_an_explanation(make_site):
    root = strict_site(make_site, {"content/empty/_index.md": "---\ntitle: 空栏目\n---\n",
                                   "content/explained/_index.md": "---\ntitle: 待发布\nplaceholder_text: 本栏目信息于年底发布。\n---\n"})
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8").replace("  news: news\n", "  news: news\n  empty: notice\n  explained: notice\n"), "utf-8")
    result = run_build(root, today=date(2019, 8, 1))
    assert [p.path for p in result.problems.warnings if p.code == "GK526"] == ["content/empty/_index.md"]


def test_archived_topic_no_longer_counts(make_site):
    root = strict_site(make_site, {
        "content/zt/_index.md": "---\ntitle: 专题\n---\n",
        "content/zt/old/_index.md": "---\ntitle: 旧专题\nkind: topic\nend: 2019-06-30\n---\n",
        "content/zt/old/a.md": NEWS.format(title="旧", published="2019-01-05"),
    })
    result = run_build(root, today=date(2020, 1, 1))
    assert not [p for p in result.problems.items if p.code in ("GK524", "GK526") and p.path.startswith("content/zt/")]


def test_a_single_veto_is_told_even_when_other_errors_stop_the_build(make_site):
    """A duplicate 索引号 (a cross-file error: the build stops after modelling) and a file left out for its own
    error: the veto is still found, from the columns that hold no left-out file."""
    root = key_columns_site(make_site, stale_extra=3)
    budget = (root / "content/gk/items/budget.md").read_text("utf-8")
    (root / "content/gk/items/copy.md").write_text(budget.replace("title: 2019年预算公开", "title: 重复索引号的信息"), "utf-8")
    result = run_build(root, today=date(2019, 10, 1), write=False, inspection=True)
    assert "GK302" in codes(result, "error") and "GK521" in codes(result, "error"), result.problems.report()
    (root / "content/gk/items/copy.md").unlink()
    (root / "content/news/broken.md").write_text("---\ntitle: 坏文件\npublished: 2019-13-45\n---\n", "utf-8")
    result = run_build(root, today=date(2019, 10, 1), write=False, inspection=True)
    assert "GK521" in codes(result, "error") and "GK520" not in codes(result), result.problems.report()
