"""validate: a RawDocument and the field table give a typed Document, or every problem with its line."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath

from conftest import FIXTURES
from gongkai.config_file import load_config
from gongkai.documents import ItemMeta, NewsMeta
from gongkai.load import RawDocument, split_document
from gongkai.problems import Problems
from gongkai.validate import validate_document, validate_documents

CONFIG = load_config(FIXTURES / "minimal", Problems())


def raw(path: str, text: str) -> RawDocument:
    problems = Problems()
    parts = split_document(text, f"content/{path}", problems)
    assert parts is not None, problems.report()
    meta, body, body_line = parts
    return RawDocument(PurePosixPath(path), f"content/{path}", meta, body, body_line)


def test_a_news_item_becomes_typed_values():
    problems = Problems()
    doc = validate_document(raw("news/a.md", "---\ntitle: 全县政务公开工作推进会召开\npublished: 2019-07-26 17:30\n"
                                              "organ: 县政府\n---\n正文。\n"), CONFIG, problems)
    assert not problems.items
    assert doc.kind == "news" and isinstance(doc.meta, NewsMeta)
    assert doc.meta.published == datetime(2019, 7, 26, 17, 30) and doc.meta.organ.id == "zf"
    assert (doc.body, doc.body_line, doc.line("organ")) == ("正文。\n", 6, 4)


def test_every_field_problem_of_a_document_is_reported_at_its_line():
    problems = Problems()
    text = ("---\ntitle: 2019年预算\nindex_no: 12345678X/2019-1\ntopic: 财政\norgan: 县财政局\n"
            "created: 2019-02-30\npublished: 2019-02-25 10:00\ncolour: 红\n---\n")
    doc = validate_document(raw("gk/items/a.md", text), CONFIG, problems)
    assert doc is None
    found = sorted((p.line, p.code, p.key) for p in problems.items)
    assert [(line, key) for line, _, key in found] == [(3, "index_no"), (4, "topic"), (6, "created"), (8, "colour")]
    assert all(p.path == "content/gk/items/a.md" and p.message and p.hint for p in problems.items)


def test_a_folders_kind_comes_from_its_section_and_its_index():
    problems = Problems()
    docs = validate_documents((
        raw("gk/items/_index.md", "---\ntitle: 法定主动公开内容\n---\n"),
        raw("gk/items/b.md", "---\ntitle: 2019年预算公开\nindex_no: 12345678X/2019-00001\ntopic: 财政、金融、审计\\财政预决算\n"
                             "organ: 县财政局\ncreated: 2019-02-18\npublished: 2019-02-25 10:00\n---\n"),
    ), CONFIG, problems)
    assert not problems.items, problems.report()
    assert [d.kind for d in docs] == ["section", "item"] and isinstance(docs[1].meta, ItemMeta)
