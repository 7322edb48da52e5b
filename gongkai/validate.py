"""Turn raw documents into typed Documents against the field table, collecting every problem."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable

from gongkai.config import INDEX_KINDS, KINDS, SiteConfig
from gongkai.load import RawDocument, Scalar
from gongkai.documents import KIND_LABELS, Document, ItemMeta
from gongkai.problems import Problems
from gongkai.schema import fields_for, meta_class
from gongkai.field_reading import read_fields
from gongkai.fields import INVALID, Choice, Computed, FieldSpec, Slug, Where


def validate_documents(raws: tuple[RawDocument, ...], config: SiteConfig, problems: Problems,
                       unread: tuple[PurePosixPath, ...] = (), validate: Callable[..., Document | None] | None = None
                       ) -> tuple[Document, ...]:
    """Validate every document; a document with errors is reported and left out. So is, unreported, one
    whose kind its folder's _index.md would give, when that file could not be read (its fields would be
    judged against the wrong kind)."""
    docs = []
    defaults = folder_defaults(raws)
    unknown = {_folder(path) for path in unread if path.name == "_index.md"}
    tables: dict[str, tuple[FieldSpec, ...]] = {}  # each kind's field table, built once per build
    for raw in raws:
        if _section(raw) in unknown and raw.src_path.name != "_index.md" and not _declared(raw):
            continue
        doc = (validate or validate_document)(raw, config, problems, defaults, tables)
        if doc is not None:
            docs.append(doc)
    return tuple(docs)


def folder_defaults(raws) -> dict[str, str]:
    """Documents in a plan area are tasks, in an enforcement folder decisions, unless they say otherwise."""
    return {_section(r): FOLDER_KINDS[_declared(r)] for r in raws
            if r.src_path.name == "_index.md" and _declared(r) in FOLDER_KINDS}


def _section(raw: RawDocument) -> str:
    return _folder(raw.src_path)


def _folder(path: PurePosixPath) -> str:
    return "" if str(path.parent) == "." else path.parent.as_posix()


def _declared(raw: RawDocument) -> str:
    entry = raw.meta.get("kind")
    return entry.value.text.strip() if entry is not None and isinstance(entry.value, Scalar) else ""


FOLDER_KINDS = {"area": "task", "enforcement": "decision"}


def validate_document(raw: RawDocument, config: SiteConfig, problems: Problems,
                      defaults: dict[str, str] | None = None,
                      tables: dict[str, tuple[FieldSpec, ...]] | None = None) -> Document | None:
    section = _section(raw)
    is_index = raw.src_path.name == "_index.md"
    if is_index:
        kind = _choose(raw, INDEX_KINDS, "栏目类型", "section", problems)
    else:
        default = (defaults or {}).get(section) or config.kind_for(section)
        kind = _choose(raw, KINDS, "内容类型", default, problems)
    if kind is None:
        return None
    tables = {} if tables is None else tables
    if kind not in tables:
        tables[kind] = fields_for(kind, config)
    values = read_fields(raw.meta, tables[kind], raw.label, problems, raw.src_path)
    if values is None:
        return None
    if is_index:
        values.pop("kind", None)
    folder = section.rpartition("/")[2]
    if is_index and section and not Slug.PATTERN.fullmatch(folder):  # its name is in the URL of every page in it
        problems.error("GK221", raw.label, 1, f"栏目文件夹名“{folder}”不能直接用作网址",
                       "把文件夹改名为小写英文字母、数字和短横线，习惯用栏目名的拼音首字母，如“通知公告”改为 tzgg")
        return None
    if not is_index and "slug" not in values and not Slug.PATTERN.fullmatch(raw.src_path.stem):
        problems.error("GK212", raw.label, 1, f"文件名“{raw.src_path.stem}”不能直接用作网址",
                       "把文件改名为小写英文字母、数字和短横线（如 gzyd-2019.md），或加一行 slug: gzyd-2019",
                       key="slug", label="网址名")
        return None
    computed = tuple(spec.key for spec in tables[kind] if isinstance(spec.type, Computed) and spec.key in values)
    if computed:  # written where the build counts: kept aside, for the model to name the counted value
        values = {k: v for k, v in values.items() if k not in computed} | {"entered_computed": computed}
    meta = meta_class(kind)(**values)
    if isinstance(meta, ItemMeta) and not _check_item(meta, raw, problems):
        return None
    lines = {e.key: e.line for e in raw.meta.entries}
    return Document(raw.src_path, raw.label, section, kind, meta, raw.body, raw.body_line, lines)


def _choose(raw: RawDocument, kinds: tuple[str, ...], label: str, default: str, problems: Problems) -> str | None:
    """The document's kind: its own `kind:` field when present, else the default for its folder."""
    entry = raw.meta.get("kind")
    if entry is None:
        return default
    named = {KIND_LABELS[kind]: kind for kind in kinds if kind in KIND_LABELS}
    written = entry.value.text.strip() if isinstance(entry.value, Scalar) else ""
    if written in named:  # the name `new` and the pages use: 政务动态
        problems.error("GK204", raw.label, entry.line, f"{label}要写英文代码：“{written}”应写作 {named[written]}",
                       f"改为 kind: {named[written]}", key="kind", label=label)
        return None
    where = Where(raw.label, entry.line, "kind", label, problems, raw.src_path)
    kind = Choice(kinds, label).parse(entry.value, where)
    return None if kind is INVALID else kind


def _line(raw: RawDocument, key: str) -> int:
    entry = raw.meta.get(key)
    return entry.line if entry else 1


def _check_item(meta: ItemMeta, raw: RawDocument, problems: Problems) -> bool:
    ok = True
    if meta.published is not None and meta.created > meta.published.date():
        problems.error("GK213", raw.label, _line(raw, "created"),
                       f"成文日期 {meta.created:%Y-%m-%d} 晚于发布日期 {meta.published:%Y-%m-%d}",
                       "核对两个日期：成文日期应早于或等于发布日期", key="created", label="成文日期")
        ok = False
    year = meta.index_no.split("/")[1][:4]
    if meta.organ is not None and meta.index_no.split("/")[0] != meta.organ.code:
        problems.warning("GK214", raw.label, _line(raw, "index_no"),
                       f"索引号“{meta.index_no}”的机构代码与发布机构“{meta.organ.name}”的代码 {meta.organ.code} 不一致",
                       f"新信息的索引号应以 {meta.organ.code}/ 开头（机构改革前的旧信息保留原索引号即可）",
                       key="index_no", label="索引号")
    if meta.published is not None and int(year) != meta.published.year:
        problems.warning("GK214", raw.label, _line(raw, "index_no"),
                       f"索引号“{meta.index_no}”中的年份 {year} 与发布年份 {meta.published.year} 不一致",
                       "索引号年份一般取发布日期的年份；请核对", key="index_no", label="索引号")
    if meta.superseded_by is not None and meta.validity == "有效":
        problems.error("GK217", raw.label, _line(raw, "superseded_by"),
                       "有效的文件不应填写替代文件",
                       "若已被替代，把 validity 改为 失效、废止 或 已修改；否则删除 superseded_by",
                       key="superseded_by", label="替代文件")
        ok = False
    return ok
