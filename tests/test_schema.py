"""The field table, the dataclasses and the README's field guide agree."""

from conftest import REPO
from gongkai.config import KINDS
from gongkai.field_guide import _SAMPLE, field_guide
from gongkai.schema import SECTION_FIELDS, declared_keys, kind_fields


def test_field_table_matches_dataclasses():
    for kind in KINDS:
        assert {s.key for s in kind_fields(kind, _SAMPLE)} == declared_keys(kind), kind
    assert {s.key for s in SECTION_FIELDS} == declared_keys("section")


def test_every_field_has_label_and_example():
    for kind in KINDS:
        for spec in kind_fields(kind, _SAMPLE):
            assert spec.label and spec.type.example, (kind, spec.key)


def test_readme_field_guide_is_current():
    readme = (REPO / "README.md").read_text("utf-8")
    assert field_guide(KINDS) in readme, "run python scripts/field_guide.py"
