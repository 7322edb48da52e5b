"""model: typed documents become the Site (sections, URLs, what is published today, cross-file rules),
without reading a file."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import FIXTURES
from gongkai.data import load_data
from gongkai.load import discover
from gongkai.model.site import build_site
from gongkai.problems import Problems
from gongkai.validate import validate_documents
from test_validate import CONFIG, raw

TODAY = date(2020, 3, 31)


def site_of(extra: tuple = (), today: date = TODAY, drafts: bool = False):
    """The minimal fixture's documents, and `extra`, modelled without touching the disk again."""
    problems = Problems()
    content = discover(FIXTURES / "minimal", problems)
    data = load_data(FIXTURES / "minimal", CONFIG, problems)
    docs = validate_documents(content.documents + extra, CONFIG, problems)
    return build_site(CONFIG, data, docs, content.assets, today, drafts, problems), problems


def news(name: str, extra: str = "", published: str = "2019-08-01 09:00") -> object:
    return raw(f"news/{name}.md", f"---\ntitle: 第{name}条\npublished: {published}\norgan: 县政府\n{extra}---\n正文。\n")


def test_pages_get_their_urls_and_sections_their_pages():
    site, problems = site_of((news("b"),))
    assert not problems.has_errors(), problems.report()
    page = site.page_at[news("b").src_path]
    assert page.url == "/news/b/" and page.doc.section == "news"
    assert page in site.sections["news"].pages
    assert site.urls[news("b").src_path] == "/news/b/"


def test_the_pages_under_a_folder_are_those_in_it_and_below_it_newest_first():
    site, _ = site_of((news("b"), raw("news/sub/_index.md", "---\ntitle: 子栏目\n---\n"),
                       raw("news/sub/c.md", "---\ntitle: 第c条\npublished: 2019-09-01 09:00\norgan: 县政府\n---\n正文。\n"),
                       raw("newsroom/_index.md", "---\ntitle: 相邻栏目\n---\n"),
                       raw("newsroom/d.md", "---\ntitle: 第d条\npublished: 2019-09-02 09:00\norgan: 县政府\n---\n正文。\n")))
    for folder in site.sections:
        expected = tuple(p for p in site.pages if not folder or p.doc.section == folder
                         or p.doc.section.startswith(folder + "/"))
        assert site.pages_under(folder) == expected, folder
    assert [p.doc.section for p in site.pages_under("news")][:2] == ["news/sub", "news"]
    assert all(p.doc.section == "newsroom" for p in site.pages_under("newsroom"))  # not a prefix of news
    assert site.pages_under("nowhere") == ()


def test_drafts_and_scheduled_pages_are_hidden_until_their_day_or_with_drafts():
    extra = (news("draft", "draft: true\n"), news("later", published="2020-04-01 09:00"))
    site, _ = site_of(extra)
    assert set(site.hidden) >= {d.src_path for d in extra}
    assert not any(site.page_at.get(d.src_path) for d in extra)
    assert news("later", published="2020-04-01 09:00").src_path in site_of(extra, today=date(2020, 4, 1))[0].page_at
    assert all(d.src_path in site_of(extra, drafts=True)[0].page_at for d in extra)


def test_one_url_for_two_files_names_both():
    site, problems = site_of((news("c", "slug: first\n"),))
    clash = [p for p in problems.errors if "content/news/c.md" in (p.path, *(o for o, _ in p.others))]
    assert clash and all({"content/news/c.md", "content/news/first.md"} <=
                         {p.path, *(o for o, _ in p.others)} for p in clash), problems.report()


@pytest.mark.parametrize("words, due", [
    ("年底前", "2019-12-31"), ("2020年底前", "2020-12-31"), ("2019年6月底前", "2019-06-30"), ("6月30日前", "2019-06-30"),
    ("上半年", "2019-06-30"), ("三季度末", "2019-09-30"), ("第一季度", "2019-03-31"), ("2020年3月", "2020-03-31"),
    ("9月份", "2019-09-30"), ("年内完成", "2019-12-31"), ("2月底", "2019-02-28"),
    ("持续推进", None), ("长期坚持", None), ("按上级要求", None), ("13月底", None), ("", None)])
def test_a_deadline_in_words_gives_its_last_day(words, due):
    from gongkai.model.plan import due_date

    found = due_date(words, 2019)
    assert (found.isoformat() if found else None) == due
