"""专题专栏: a topic folder's items plus items elsewhere that name it; closed ones become 往期专题."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.documents import LeftOut, TopicMeta
from gongkai.problems import Problems


@dataclass(frozen=True)
class Column:
    path: str
    key: str  # the folder name items write in `columns`
    url: str
    title: str
    meta: TopicMeta
    pages: tuple  # newest first
    archived: bool  # past its end date: listed under 往期专题, no longer counted as stale


def build_columns(sections: dict, pages: tuple, today: date, problems: Problems,
                  broken: LeftOut = LeftOut()) -> tuple[Column, ...]:
    topics = {s.path: s for s in sections.values() if isinstance(s.meta, TopicMeta)}
    by_key: dict[str, str] = {}
    for path, section in topics.items():
        key = path.rpartition("/")[2]
        if key in by_key:
            problems.error("GK350", section.index.label, 0, f"专题文件夹名“{key}”与 content/{by_key[key]}/ 重复",
                           "专题文件夹名用作专题代码，要互不相同", others=((f"content/{by_key[key]}/_index.md", 0),))
        by_key[key] = path
        meta = section.meta
        if meta.start and meta.end and meta.start > meta.end:
            problems.error("GK352", section.index.label, section.index.line("end"),
                           f"结束日期 {meta.end:%Y-%m-%d} 早于开始日期 {meta.start:%Y-%m-%d}", "核对专题的起止日期",
                           key="end", label="结束日期")
    joined: dict[str, list] = {path: [] for path in topics}
    for page in pages:
        for key in page.meta.columns:
            if key not in by_key:
                if any(path.name == "_index.md" and path.parent.name == key for path in broken.paths):
                    continue  # the topic's own _index.md is left out for its errors
                available = "、".join(sorted(by_key)) or "（本站还没有专题；专题是 _index.md 写 kind: topic 的文件夹）"
                problems.error("GK351", page.doc.label, page.doc.line("columns"), f"没有名为“{key}”的专题",
                               "填写专题文件夹名，可用：" + available, key="columns", label="所属专题")
                continue
            joined[by_key[key]].append(page)
    columns = []
    for path, section in topics.items():
        prefix = path + "/"
        own = [p for p in pages if p.doc.section == path or p.doc.section.startswith(prefix)]
        members = {p.doc.src_path: p for p in own + joined[path]}
        ordered = tuple(p for p in pages if p.doc.src_path in members)  # pages are newest first already
        meta = section.meta
        columns.append(Column(path, path.rpartition("/")[2], section.url, section.title, meta, ordered,
                              meta.end is not None and meta.end < today))
    return tuple(sorted(columns, key=lambda c: (c.meta.weight, c.path)))
