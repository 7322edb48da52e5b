"""编辑后台: the Decap CMS configuration, made on every build from the same field tables that validate the content,
so that the forms can never offer what the build refuses. One collection per content folder."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import yaml

from gongkai.config import CATEGORIES, CategoryRef
from gongkai.documents import KIND_LABELS
from gongkai.field_types import AttachmentList, Cells, Counts, OrganRef, Records, TaskNumber, UnitRef
from gongkai.fields import (Bool, Choice, Computed, Date, DateTime, DocNo, DocRef, FieldSpec, IndexNo, Integer,
                            Matching, Slug, TextList, INDEX_NO, DOC_NO)
from gongkai.model.site import Site
from gongkai.model.urls import out_path
from gongkai.render.views import Output
from gongkai.schema import kind_fields
from gongkai.validate import FOLDER_KINDS

ADMIN = "/admin/"
LOCAL_BACKEND = {"name": "proxy", "proxy_url": "/admin/api/v1", "branch": "main"}  # what `serve` answers
NOT_IN_FORMS = {"kind", "template"}  # a folder decides the kind; templates are the maintainers' business
DATE_FORMAT = "YYYY-MM-DD"


def cms_config(site: Site, local: bool = False) -> str:
    """The configuration as YAML; deterministic for the same site. `local`: the variant `serve` answers, whose
    backend is its own (the project folder) whatever Git server site.yml names."""
    data = {
        "locale": "zh_Hans",
        "backend": LOCAL_BACKEND if local or site.config.cms is None else site.config.cms.backend(),
        "media_folder": "content",  # attachments are stored beside their Markdown file, per collection below
        "public_folder": "",
        "site_url": site.config.base_url,
        "display_url": site.config.base_url,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(site),
    }
    if not local and site.config.cms is not None and site.config.cms.editorial_workflow:
        data["publish_mode"] = "editorial_workflow"
    # libyaml's emitter writes the same text as PyYAML's own, four times as fast (78 KB at 10,000 items)
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False,
                     width=1000)


def collections(site: Site) -> list[dict]:
    out = []
    for path in sorted(site.sections):
        if not path:
            continue
        section = site.sections[path]
        kind = FOLDER_KINDS.get(section.index.kind, section.kind)  # an area holds tasks, an enforcement folder decisions
        fields = [field for spec in kind_fields(kind, site.config) if spec.key not in NOT_IN_FORMS
                  for field in [form_field(spec, site, path)] if field is not None]
        out.append({
            "name": path.replace("/", "__"),
            "label": f"{site.sections[path].title}（{path}）",
            "label_singular": KIND_LABELS[kind],
            "folder": f"content/{path}",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "media_folder": "",  # beside the entry, as the build expects attachments
            "public_folder": "",
            # A file name the build accepts whatever the title (a 网址名 field, if given, names the URL instead).
            "slug": "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}",
            "summary": "{{title}}",
            "sortable_fields": ["title", "published"] if any(f["name"] == "published" for f in fields) else ["title"],
            "fields": fields + [{"label": "正文", "name": "body", "widget": "markdown", "required": False,
                                 "hint": "正文（Markdown）；附件用“添加附件”上传后在这里链接"}],
        })
    return out


def form_field(spec: FieldSpec, site: Site, folder: str) -> dict | None:
    """The form field for one declared field; None for what the build computes (never entered)."""
    kind = spec.type
    if isinstance(kind, Computed):
        return None
    field: dict = {"label": spec.label, "name": spec.key, "required": spec.required}
    if spec.help:
        field["hint"] = spec.help
    field.update(widget(kind, site, folder, spec.key))
    if spec.key == "index_no":  # allocated from the ledger when the form first saves the file (serve, or assign)
        field.update(required=False, hint="保存时由系统从索引号台账分配，不要自己编号")
    if spec.key == "slug":
        field["hint"] = "网址名：小写英文字母、数字和短横线；新建时不写，保存时按标题的拼音首字母自动取（如 zwgkhy），可以改"
    return field


def widget(kind, site: Site, folder: str, key: str) -> dict:
    config = site.config
    if isinstance(kind, Bool):
        return {"widget": "boolean", "default": False}
    if isinstance(kind, Integer):
        out = {"widget": "number", "value_type": "int"}
        out.update({k: v for k, v in (("min", kind.minimum), ("max", kind.maximum)) if v is not None})
        return out
    if isinstance(kind, DateTime):
        return {"widget": "datetime", "format": f"{DATE_FORMAT} HH:mm", "date_format": DATE_FORMAT, "time_format": "HH:mm"}
    if isinstance(kind, Date):
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False}
    if isinstance(kind, OrganRef):
        return select([(o.short, o.name) for o in config.organs])
    if isinstance(kind, CategoryRef):
        return select([(c.label, f"{c.article} {c.label}") for c in CATEGORIES])
    if isinstance(kind, Choice) and isinstance(kind.options, tuple):
        return select([(o, o) for o in kind.options])
    if isinstance(kind, DocRef):
        return document_field(site, folder, key)
    if isinstance(kind, AttachmentList):
        return {"widget": "list", "summary": "{{fields.title}}", "fields": [
            {"label": "文件", "name": "file", "widget": "file", "required": True, "choose_url": False},
            {"label": "附件名称", "name": "title", "widget": "string", "required": False}]}
    if isinstance(kind, Records):
        return {"widget": "list", "fields": [form_field(s, site, folder) for s in kind.specs]}
    if isinstance(kind, Cells):
        return {"widget": "object", "collapsed": True,
                "fields": [{"label": k, "name": k, "widget": "number", "value_type": "float", "required": False}
                           for k in kind.keys]}
    if isinstance(kind, Counts):
        return {"widget": "object", "collapsed": True, "fields": [
            {"label": row, "name": row, "widget": "list", "required": False, "min": kind.width, "max": kind.width,
             "field": {"label": "数", "name": "n", "widget": "number", "value_type": "int", "min": 0}}
            for row in kind.rows()]}
    if isinstance(kind, TextList):
        if isinstance(kind.item, DocRef):
            field = document_field(site, folder, key)
            return field | {"multiple": True} if field["widget"] == "select" else {"widget": "list"}
        if key == "columns":  # 专题 by folder name
            return select([(c.path.rpartition("/")[2], c.title) for c in site.columns], multiple=True)
        if key == "channels":
            return select([(c.id, c.name) for c in config.channels], multiple=True)
        if isinstance(kind.item, UnitRef):
            return select([(o.short, o.name) for o in config.organs] + [(g.name, g.name) for g in config.groups],
                          multiple=True)
        return {"widget": "list"}
    if key == "plan_task":
        return select([(t.key, f"{t.key} {t.title}") for plan in site.plans for t in plan.tasks()])
    if key == "directory_row":
        return select([(r.id, f"{r.id} {r.item_l1}{('：' + r.item_l2) if r.item_l2 else ''}") for r in site.data.directory])
    pattern = _pattern(kind)
    out = {"widget": "text" if getattr(kind, "multiline", False) else "string"}
    if pattern:
        out["pattern"] = pattern
    return out


def select(options: list[tuple[str, str]], multiple: bool = False) -> dict:
    return {"widget": "select", "multiple": multiple, "options": [{"label": label, "value": value} for value, label in options]}


# What a path field may name: the documents of these kinds (a select when there are few, else the path typed).
TARGETS = {"interprets": ("policy",), "interpretations": ("interpretation",), "superseded_by": ("item", "policy"),
           "result": ("notice", "news"), "source": ("item", "policy")}
SELECT_LIMIT = 300  # beyond this a list of every document would make the form slow and the configuration large


def document_field(site: Site, folder: str, key: str) -> dict:
    kinds = TARGETS.get(key, ())
    pages = [p for p in site.pages if p.kind in kinds]
    if not pages or len(pages) > SELECT_LIMIT:
        return {"widget": "string", "pattern": [r"^[^\s]+\.md$", "写目标文件相对本文件的路径，如 ../zcwj/wfgz-2019.md"]}
    return select(documents(pages, folder))


def documents(pages: list, folder: str) -> list[tuple[str, str]]:
    """Documents as the path a file in `folder` writes to each (the build's DocRef reads that)."""
    here = PurePosixPath(folder)
    out = []
    for page in pages:
        target = page.doc.src_path
        common = next((i for i, (a, b) in enumerate(zip(here.parts, target.parent.parts)) if a != b),
                      min(len(here.parts), len(target.parent.parts)))
        rel = "/".join([".."] * (len(here.parts) - common) + list(target.parts[common:]))
        out.append((rel, f"{page.title}（{target}）"))
    return sorted(out, key=lambda o: o[1])


def _pattern(kind) -> list[str] | None:
    """The field's own check as a JavaScript pattern (anchored, named groups spelt as JavaScript spells them)."""
    source = {IndexNo: INDEX_NO.pattern, DocNo: DOC_NO.pattern, Slug: Slug.PATTERN.pattern,
              TaskNumber: TaskNumber.PATTERN.pattern}.get(type(kind))
    if source is None and isinstance(kind, Matching):
        source = kind.regex.pattern
    if source is None:
        return None
    what = {IndexNo: "索引号格式为 机构代码/年份-5位流水号", DocNo: "文号格式为 机关代字〔年份〕序号号",
            Slug: "只用小写英文字母、数字和短横线", TaskNumber: "写成 一、（一） 或 1 这样的序号"}.get(type(kind),
                                                                                  getattr(kind, "hint", "格式不对"))
    return ["^(?:" + re.sub(r"\(\?P<", "(?<", source) + ")$", what]


def admin_outputs(renderer) -> list:
    """/admin/: the CMS page and its configuration, made on every build."""
    from gongkai.render.special import special_page

    site = renderer.site
    page = special_page("编辑后台", ADMIN, "admin", "编辑后台")
    origins = (site.config.cms.origin,) if site.config.cms is not None else ()  # the Git server the CMS talks to
    html = renderer.render_template(["admin/index.html"], {"page": page, "section": None, "cms_origins": origins},
                                    "templates/admin/index.html")
    published = cms_config(site).encode()
    local = published if site.config.cms is None else cms_config(site, True).encode()  # (no Git server: the same)
    outputs = [Output(out_path(ADMIN + "config.yml"), "site.yml", "admin", data=published),
               Output(out_path(ADMIN + "config.local.yml"), "site.yml", "admin", data=local)]
    if html is not None:
        outputs.append(Output(out_path(ADMIN), "templates/admin/index.html", "admin", data=html.encode()))
    return outputs
