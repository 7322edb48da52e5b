"""The field table, the dataclasses and the README's field guide agree."""

from conftest import REPO
from gongkai.config import INDEX_KINDS, KINDS
from gongkai.field_guide import _SAMPLE, field_guide
from gongkai.schema import declared_keys, fields_for


def test_field_table_matches_dataclasses():
    for kind in KINDS:
        assert {s.key for s in fields_for(kind, _SAMPLE)} == declared_keys(kind), kind
    for kind in INDEX_KINDS:  # an _index.md's `kind` picks the dataclass and is not stored in it
        assert {s.key for s in fields_for(kind, _SAMPLE)} == declared_keys(kind) | {"kind"}, kind


def test_every_field_has_label_and_example():
    for kind in KINDS + INDEX_KINDS:
        for spec in fields_for(kind, _SAMPLE):
            assert spec.label and spec.type.example, (kind, spec.key)


def test_readme_field_guide_is_current():
    readme = (REPO / "README.md").read_text("utf-8")
    assert field_guide(KINDS) in readme, "run python scripts/field_guide.py"
