"""Machine-readable exports under data/: catalogue (JSON, CSV), plan (JSON), 基本目录 (CSV).

JSON keys are documented in docs/参考手册.md; CSV files carry a BOM so Excel opens the Chinese text correctly.
"""

from __future__ import annotations

import csv
import io
import json

from gongkai.documents import DecisionMeta, ItemMeta, PolicyMeta
from gongkai.model.enforcement import display_until
from gongkai.model.site import Site
from gongkai.model.urls import absolute, data_file, out_path
from gongkai.render.views import Output


def _json(data: dict[str, object]) -> bytes:
    """Sorted keys, each record of a list on a line of its own: readable and diffable, and written by json's C
    encoder (with `indent` json is pure Python: 100,000 records took seconds and a worker's memory)."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    fields = []
    for key in sorted(data):
        value = data[key]
        text = "[\n" + ",\n".join(map(encoder.encode, value)) + "\n]" if isinstance(value, list) and value \
            else encoder.encode(value)
        fields.append(f"{encoder.encode(key)}: {text}")
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("utf-8")


# A cell that starts with one of these is a formula to Excel and WPS (OWASP: CSV injection); the JSON keeps it exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_text(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _text(cell):
    """A cell a spreadsheet shows as the text it is, never evaluates."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def _date(value) -> str | None:
    return value.strftime("%Y-%m-%d") if value else None


def catalogue_records(site: Site) -> list[dict]:
    base = site.config.base_url
    records = []
    for page in sorted(site.catalogue.items, key=lambda p: p.meta.index_no):
        meta: ItemMeta = page.meta
        superseded = site.urls.get(meta.superseded_by) if meta.superseded_by else None
        records.append({
            "index_no": meta.index_no, "title": meta.title, "url": absolute(page.url, base), "kind": page.kind,
            "topic": meta.topic, "organ": meta.organ.name, "organ_code": meta.organ.code,
            "created": _date(meta.created), "published": meta.published.strftime("%Y-%m-%d %H:%M"),
            "doc_no": meta.doc_no or None, "keywords": list(meta.keywords), "validity": meta.validity,
            "superseded_by": absolute(superseded, base) if superseded else None, "summary": meta.summary,
            "genre": meta.genre or None, "doc_type": meta.doc_type if isinstance(meta, PolicyMeta) else None,
            "plan_task": meta.plan_task or None, "directory_row": meta.directory_row or None,
            "attachments": [{"title": a.title, "url": absolute(site.urls[a.src_path], base)}
                            for a in meta.attachments],
        })
    return records


def plan_records(site: Site) -> list[dict]:
    base = site.config.base_url
    return [{
        "year": plan.year, "title": plan.title, "url": absolute(plan.url, base),
        "areas": [{
            "number": area.number, "title": area.title, "url": absolute(area.url, base),
            "tasks": [{
                "number": task.number, "key": task.key, "title": task.title, "url": absolute(task.url, base),
                "units": [{"role": r.role, "names": [u.name for u in r.units]} for r in task.units],
                "units_text": task.units_text, "deadline": task.deadline or None,
                "due": task.due.isoformat() if task.due else None, "status": task.status or None,
                "subtasks": [{"number": s.number, "title": s.title, "text": s.text, "units_text": s.units_text,
                              "units": [{"role": r.role, "names": [u.name for u in r.units]} for r in s.units]}
                             for s in task.subtasks],
                "items": [{"title": p.title, "url": absolute(p.url, base),
                           "published": p.meta.published.strftime("%Y-%m-%d %H:%M") if p.meta.published else None}
                          for p in task.items],
            } for task in area.tasks],
        } for area in plan.areas],
    } for plan in site.plans]


# 双公示 fields (发改办财金〔2019〕527号 and the 行政许可 set), Chinese headers for the CSV.
ENFORCEMENT_FIELDS = (
    ("target_name", "行政相对人名称"), ("target_type", "行政相对人类别"), ("credit_code", "统一社会信用代码"),
    ("legal_rep", "法定代表人"), ("decision_no", "决定文书号"), ("category", "执法类别"),
    ("violation_type", "违法行为类型"), ("facts", "违法事实"), ("basis", "执法依据"), ("penalty_kind", "处罚类别"),
    ("result", "处理结果"), ("fine_wan", "罚款金额（万元）"), ("confiscated_wan", "没收违法所得、没收非法财物的金额（万元）"),
    ("licence", "证照名称及编号"), ("decided", "决定日期"), ("display_until", "公示截止期"), ("organ", "决定机关"),
    ("organ_code", "决定机关统一社会信用代码"), ("source", "数据来源单位"), ("url", "网址"),
)


def enforcement_records(site: Site) -> list[dict]:
    """Published decisions only: withdrawn and expired ones are not pages and never reach an export."""
    base = site.config.base_url
    records = []
    for organ in site.enforcement:
        for page in organ.decisions:
            meta: DecisionMeta = page.meta  # already masked by the model
            records.append({
                "target_name": meta.target_name, "target_type": meta.target_type, "credit_code": meta.credit_code,
                "legal_rep": meta.legal_rep, "decision_no": meta.decision_no, "category": meta.category,
                "violation_type": meta.violation_type, "facts": meta.facts, "basis": meta.basis,
                "penalty_kind": meta.penalty_kind, "result": meta.result, "fine_wan": meta.fine_wan,
                "confiscated_wan": meta.confiscated_wan, "licence": meta.licence, "decided": _date(meta.decided),
                "display_until": _date(display_until(meta, site.config.enforcement)), "organ": meta.organ.name,
                "organ_code": meta.organ.unified_code, "source": organ.organ.name, "url": absolute(page.url, base),
            })
    return sorted(records, key=lambda r: (r["decided"], r["decision_no"]))


def exports(site: Site) -> list[Output]:
    records = catalogue_records(site)
    outputs = [
        Output(out_path(data_file("catalogue.json")), "content", "data",
               data=_json({"site": site.config.name, "items": records})),
        Output(out_path(data_file("catalogue.csv")), "content", "data", data=_csv(
            ["索引号", "名称", "主题分类", "发布机构", "成文日期", "发布日期", "文号", "主题词", "有效性", "内容概述", "网址"],
            [[r["index_no"], r["title"], r["topic"], r["organ"], r["created"], r["published"], r["doc_no"] or "",
              " ".join(r["keywords"]), r["validity"], r["summary"], r["url"]] for r in records])),
        Output(out_path(data_file("plan.json")), "content", "data", data=_json({"plans": plan_records(site)})),
    ]
    if site.enforcement:
        decisions = enforcement_records(site)
        outputs.append(Output(out_path(data_file("enforcement.json")), "content", "data",
                              data=_json({"site": site.config.name, "decisions": decisions})))
        outputs.append(Output(out_path(data_file("enforcement.csv")), "content", "data", data=_csv(
            [label for _, label in ENFORCEMENT_FIELDS], [[r[k] or "" for k, _ in ENFORCEMENT_FIELDS] for r in decisions])))
    if site.data.directory:
        rows = [[r.id, r.area, r.item_l1, r.item_l2, r.content, "；".join(r.basis), r.subject.name, r.deadline,
                 "、".join(r.channels), r.audience, r.mode, r.level, r.column, r.hotline] for r in site.data.directory]
        outputs.append(Output(out_path(data_file("directory.csv")), "content/_data/directory.yml", "data", data=_csv(
            ["编号", "事项类别", "一级事项", "二级事项", "公开内容", "公开依据", "公开主体", "公开时限", "公开渠道",
             "公开对象", "公开方式", "公开层级", "发布栏目", "咨询及监督举报电话"], rows)))
    return outputs
