"""The field table, the dataclasses and the README's field guide agree."""

from conftest import REPO
from gongkai.fields import Computed
from gongkai.config import INDEX_KINDS, KINDS
from gongkai.field_guide import _SAMPLE, field_guide
from gongkai.schema import declared_keys, fields_for


def test_field_table_matches_dataclasses():
    for kind in KINDS:  # a figure the build computes is declared, to be refused with its value, never stored
        stored = {s.key for s in fields_for(kind, _SAMPLE) if not isinstance(s.type, Computed)}
        assert stored == declared_keys(kind) - {"entered_computed"}, kind
    for kind in INDEX_KINDS:  # an _index.md's `kind` picks the dataclass and is not stored in it
        assert {s.key for s in fields_for(kind, _SAMPLE)} == declared_keys(kind) | {"kind"}, kind


def test_every_field_has_label_and_example():
    for kind in KINDS + INDEX_KINDS:
        for spec in fields_for(kind, _SAMPLE):
            assert spec.label and spec.type.example, (kind, spec.key)


def test_the_generated_parts_of_the_docs_are_current():
    """The field tables, the site.yml table and the example files in docs/ are what the code and content say."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("field_guide_script", REPO / "scripts/field_guide.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for name, marker, make in script.GENERATED:
        text = (REPO / name).read_text("utf-8")
        assert script.fill(text, marker, make()) == text, f"{name} {marker}: run python scripts/field_guide.py"
    assert field_guide(KINDS) in (REPO / "docs/参考手册.md").read_text("utf-8")


def test_the_readme_is_short_and_every_link_in_the_docs_leads_somewhere():
    import re
    from urllib.parse import unquote

    assert len((REPO / "README.md").read_text("utf-8").splitlines()) < 60
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = re.sub(r"````.*?````|```.*?```|`[^`\n]*`", "", doc.read_text("utf-8"), flags=re.S)  # not code
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", text):
            assert (doc.parent / unquote(target)).is_file(), (doc.name, target)


def test_an_everyday_abbreviation_of_an_organ_is_answered_with_its_short_name():
    from gongkai.config_file import load_config
    from gongkai.problems import Problems
    from gongkai.field_types import abbreviated

    config = load_config(REPO, Problems())  # the example site's 28 organs
    assert abbreviated("荣县政府办", config) == "县政府办公室"  # not 荣县人民政府新闻办公室: more runs
    assert abbreviated("县人社局", config) == "县人力资源社会保障局"
    assert abbreviated("县卫健局", config) == "县卫生健康局"
    assert abbreviated("县局", config) is None  # every 县…局 fits as well
