"""The annual work plan as a live tracker: plans → areas → tasks, units by role, implementing items."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from gongkai.config import Organ, SiteConfig
from gongkai.documents import AreaMeta, LeftOut, PlanMeta, TaskMeta, UnitRole
from gongkai.problems import Problems

NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
LEAD_ROLES = ("牵头单位", "分工负责", "未标注")  # roles that own a task outright


def numeral_value(number: str) -> int:
    """（三） → 3, 十二 → 12, 4 → 4: plan numbers sort by value, not by text."""
    core = re.sub(r"[（()）、.．\s]", "", number)
    if core.isdigit():
        return int(core)
    if core == "十":
        return 10
    if core.startswith("十"):
        return 10 + NUMERALS.get(core[1:], 0)
    if len(core) == 2 and core.endswith("十"):
        return NUMERALS.get(core[0], 0) * 10
    if len(core) == 3 and core[1] == "十":
        return NUMERALS.get(core[0], 0) * 10 + NUMERALS.get(core[2], 0)
    return NUMERALS.get(core, 0)


def bare_number(number: str) -> str:
    return re.sub(r"[（()）、.．\s]", "", number)


@dataclass(frozen=True)
class Task:
    src_path: PurePosixPath
    url: str
    title: str
    number: str
    area_number: str
    key: str  # 2019-二-三: year, area number, task number
    units: tuple[UnitRole, ...]
    units_text: str
    items: tuple  # implementing pages (model.site.Page), newest first
    subtasks: tuple = ()  # documents.SubTask, the third level (1. 2. …)
    deadline: str = ""  # 完成时限 as the plan words it
    status: str = ""  # 未启动 / 推进中 / 已完成
    due: date | None = None  # the deadline's last day, when its words give one (持续推进 gives none)

    @property
    def latest(self) -> datetime | None:
        dates = [p.meta.published for p in self.items if p.meta.published]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Area:
    path: str
    url: str
    title: str
    number: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Plan:
    path: str
    url: str
    title: str
    year: int
    meta: PlanMeta
    areas: tuple[Area, ...]

    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for a in self.areas for t in a.tasks)


@dataclass(frozen=True)
class OrganTask:
    """A task an organ leads or shares, with the role and the name through which it is named."""

    plan: Plan
    task: Task
    role: str
    via: str  # the unit name: the organ's own name or a group it belongs to


def build_plans(sections: dict, pages: tuple, problems: Problems,
                broken: LeftOut = LeftOut()) -> tuple[Plan, ...]:
    """Assemble plans from sections whose _index.md is a plan; link items that declare plan_task. A task
    left out for its own errors (in `broken`) is not reported again as missing where items name it."""
    task_pages = [p for p in pages if isinstance(p.meta, TaskMeta)]
    raw: list[tuple] = []  # (plan section, [(area section, [task pages])])
    for section in sections.values():
        if not isinstance(section.meta, PlanMeta):
            continue
        areas = []
        for child in section.children:
            area = sections[child]
            if not isinstance(area.meta, AreaMeta):
                continue
            tasks = sorted((p for p in task_pages if p.doc.section == child),
                           key=lambda p: (numeral_value(p.meta.number), p.meta.weight, str(p.doc.src_path)))
            areas.append((area, tasks))
        areas.sort(key=lambda a: (numeral_value(a[0].meta.number), a[0].meta.weight, a[0].path))
        raw.append((section, areas))
    by_key, by_path = _task_index(raw, problems)
    # A task named by its number cannot be told apart from one left out of a plan for its own errors.
    unsure = any(broken.under(plan.path) for plan, _ in raw)
    implementing = _link_items(pages, by_key, by_path, broken, unsure, problems)
    plans = []
    for section, areas in sorted(raw, key=lambda r: (-r[0].meta.year, r[0].path)):
        built_areas = []
        for area, tasks in areas:
            built = tuple(Task(p.doc.src_path, p.url, p.title, p.meta.number, area.meta.number, _key(section, area, p),
                               p.meta.units, p.meta.units_text, tuple(implementing.get(p.doc.src_path, ())),
                               p.meta.subtasks, p.meta.deadline, p.meta.status, due_date(p.meta.deadline, section.meta.year))
                          for p in tasks)
            built_areas.append(Area(area.path, area.url, area.title, area.meta.number, built))
        plans.append(Plan(section.path, section.url, section.title, section.meta.year, section.meta,
                          tuple(built_areas)))
    return tuple(plans)


QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def due_date(deadline: str, year: int) -> date | None:
    """The last day a 完成时限 allows: 2019年6月底前, 6月30日前, 年底前, 上半年, 三季度末, 2020年3月; None for
    words that name no day (持续推进, 长期坚持, 按上级要求)."""
    text = re.sub(r"(\d{4})年(底|末|内)", r"\1年年\2", re.sub(r"\s", "", deadline))  # 2020年底 → 2020年 + 年底
    found = re.search(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末|份)?", text)
    if found:
        y, m = int(found.group(1) or year), int(found.group(2))
        if not 1 <= m <= 12:
            return None
        last = calendar.monthrange(y, m)[1]
        day = int(found.group(3)) if found.group(3) else last
        return date(y, m, min(day, last)) if day >= 1 else None
    found = re.search(r"(?:(\d{4})年)?(?:第)?([一二三四1-4])季度", text)
    if found:
        y, m = int(found.group(1) or year), QUARTERS[found.group(2)]
        return date(y, m, calendar.monthrange(y, m)[1])
    found = re.search(r"(?:(\d{4})年)?(上半年|年中|年底|年末|全年|下半年|年内)", text)
    if found:
        y = int(found.group(1) or year)
        return date(y, 6, 30) if found.group(2) in ("上半年", "年中") else date(y, 12, 31)
    return None


def _key(plan, area, page) -> str:
    return f"{plan.meta.year}-{bare_number(area.meta.number)}-{bare_number(page.meta.number)}"


def _task_index(raw, problems: Problems):
    by_key: dict[str, PurePosixPath] = {}
    by_path: dict[PurePosixPath, object] = {}  # task → its plan section
    for plan, areas in raw:
        for area, tasks in areas:
            for page in tasks:
                key = _key(plan, area, page)
                if key in by_key:
                    problems.error("GK311", page.doc.label, page.doc.line("number"),
                                   f"任务序号 {key} 重复",
                                   "同一领域中每个任务的序号（number）要互不相同",
                                   key="number", label="序号", others=((f"content/{by_key[key]}", 0),))
                by_key[key] = page.doc.src_path
                by_path[page.doc.src_path] = plan
    return by_key, by_path


def _link_items(pages, by_key, by_path, broken: LeftOut, unsure: bool, problems: Problems) -> dict[PurePosixPath, list]:
    from gongkai.fields import resolve_path

    linked: dict[PurePosixPath, list] = {}
    for page in pages:  # newest first, so each task's list is too
        ref = page.meta.plan_task
        if not ref:
            continue
        if ref.endswith(".md"):
            target = resolve_path(page.doc.src_path.parent, ref)
            if target in broken:
                continue
            target = target if target in by_path else None
        else:
            target = by_key.get(ref.replace("（", "").replace("）", "").replace("(", "").replace(")", ""))
            if target is None and unsure:
                continue
        if target is None:
            problems.error("GK309", page.doc.label, page.doc.line("plan_task"),
                           f"找不到落实的工作要点任务“{ref}”",
                           "写成“年份-领域序号-任务序号”，例如 2019-二-三，或写任务文件的路径",
                           key="plan_task", label="落实任务")
            continue
        if _in_window(page, by_path[target], problems):
            linked.setdefault(target, []).append(page)
    return linked


def _in_window(page, plan, problems: Problems) -> bool:
    """Work published before the plan was issued, or after its year, is not progress on it."""
    published = page.meta.published.date() if page.meta.published else None
    first, last = plan.meta.window
    if published is None or first <= published <= last:
        return True
    when = f"早于{'印发日期' if plan.meta.counts_from is None and plan.meta.issued else '计入进度的起始日期'} {first:%Y-%m-%d}" \
        if published < first else f"晚于计入进度的截止日期 {last:%Y-%m-%d}"
    problems.warning("GK379", page.doc.label, page.doc.line("plan_task"),
                     f"发布日期 {published:%Y-%m-%d} {when}，不计入《{plan.title}》的任务落实进度",
                     f"不是落实这项任务的信息就删除 plan_task；确需计入的，在 {plan.index.label} 中写 "
                     "counts_from 或 counts_until 放宽计入进度的期间", key="plan_task", label="落实任务")
    return False


def organ_tasks(plans: tuple[Plan, ...], organ: Organ, config: SiteConfig) -> tuple[OrganTask, ...]:
    """Every task naming the organ: by name where it is named, else through a group it belongs to."""
    found = []
    for plan in plans:
        for task in plan.tasks():
            direct, grouped = [], []
            for role in task.units:
                for unit in role.units:
                    group = config.group(unit.group) if unit.group else None
                    if unit.organ_id == organ.id:
                        direct.append(OrganTask(plan, task, role.role, unit.name))
                    elif group is not None and group.includes(organ):
                        grouped.append(OrganTask(plan, task, role.role, unit.name))
            found += direct or grouped[:1]
    return tuple(found)
