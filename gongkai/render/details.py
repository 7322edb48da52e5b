"""Kind-specific views: plan trackers, tasks, organ pages, attachments, policy ↔ interpretation links."""

from __future__ import annotations

from gongkai.documents import (ConsultationMeta, InterpretationMeta, ItemMeta, PageMeta, PolicyMeta, ReplyMeta,
                                     UnitRole)
from gongkai.model.plan import LEAD_ROLES, Plan, Task, organ_tasks
from gongkai.model.site import Page, Site
from gongkai.render.views import (HistoryEvent, ServicesView, AreaView, AttachmentView, ConsultationView, DirectoryRowView, ElementView, Entry, Link,
                                  ReplyView, SubTaskView,
                                  OrganTaskView, OrganView, PlanView, RoleView, TaskRow, TaskView, UnitView)
from gongkai.field_types import ATTACHMENT_TYPES
from gongkai.schema import ELEMENTS

ORGAN_ITEMS_SHOWN = 10


def entry(page: Page) -> Entry:
    meta = page.meta
    item = meta if isinstance(meta, ItemMeta) else None
    return Entry(meta.title, page.url, page.kind, meta.published, item.created if item else None,
                 meta.organ.short if meta.organ else "", meta.summary, item.index_no if item else "",
                 item.doc_no if item else "", item.validity if item else "")


def entries(pages) -> tuple[Entry, ...]:
    return tuple(entry(p) for p in pages)


def roles(site: Site, units: tuple[UnitRole, ...]) -> tuple[RoleView, ...]:
    def view(unit) -> UnitView:
        page = site.organ_pages.get(unit.organ_id) if unit.organ_id else None
        return UnitView(unit.name, page.url if page else "")

    return tuple(RoleView(r.role, tuple(view(u) for u in r.units)) for r in units)


def task_row(site: Site, task: Task) -> TaskRow:
    return TaskRow(task.number, task.title, task.url, roles(site, task.units), len(task.items), task.latest,
                   task.status, task.deadline)


def plan_view(site: Site, plan: Plan) -> PlanView:
    source = None
    if plan.meta.source is not None and plan.meta.source in site.urls:
        source = Link(plan.meta.doc_no or "印发通知", site.urls[plan.meta.source])
    areas = tuple(AreaView(a.number, a.title, a.url, tuple(task_row(site, t) for t in a.tasks)) for a in plan.areas)
    tasks = plan.tasks()
    return PlanView(plan.title, plan.url, plan.year, source, areas, len(tasks), sum(1 for t in tasks if t.items))


def find_plan(site: Site, path: str) -> Plan | None:
    for plan in site.plans:
        if plan.path == path or any(a.path == path for a in plan.areas):
            return plan
    return None


def task_view(site: Site, page: Page) -> TaskView | None:
    for plan in site.plans:
        for area in plan.areas:
            for task in area.tasks:
                if task.src_path == page.doc.src_path:
                    subtasks = tuple(SubTaskView(s.number, s.title, s.text, roles(site, s.units), s.units_text)
                                     for s in page.meta.subtasks)
                    return TaskView(Link(plan.title, plan.url), Link(f"{area.number}、{area.title}", area.url),
                                    task.number, roles(site, task.units), task.units_text, entries(task.items), subtasks,
                                    task.status)
    return None


def organ_view(site: Site, page: Page) -> OrganView | None:
    organ = page.meta.organ
    if organ is None:
        return None
    tasks = tuple(
        OrganTaskView(t.role, t.via, Link(f"{t.task.area_number}{t.task.number}{t.task.title}", t.task.url),
                      Link(t.plan.title, t.plan.url))
        for t in organ_tasks(site.plans, organ, site.config))
    view = next((v for v in site.catalogue.facet("organ") if v.key == organ.id), None)
    items = entries(view.pages[:ORGAN_ITEMS_SHOWN]) if view else ()
    column = next((e for e in site.enforcement if e.organ.id == organ.id), None)
    return OrganView(organ.name, organ.short, organ.code, organ.level, tasks, items, view.url if view else "",
                     Link(column.title, column.url) if column else None,
                     entries(column.decisions[:ORGAN_ITEMS_SHOWN]) if column else ())


def attachments(site: Site, meta: PageMeta) -> tuple[AttachmentView, ...]:
    by_path = {a.src_path: a for a in site.assets}
    out = []
    for attachment in meta.attachments:
        asset = by_path[attachment.src_path]
        suffix = attachment.src_path.suffix.lstrip(".").lower()
        out.append(AttachmentView(attachment.title, site.urls[attachment.src_path], ATTACHMENT_TYPES[suffix],
                                  asset.abs_path.stat().st_size))
    return tuple(out)


def related(site: Site, page: Page) -> tuple[str, tuple[Link, ...]]:
    """相关解读 for a policy, 原文 for an interpretation (whichever side declared it), 意见征集 for its result."""
    src = page.doc.src_path
    if isinstance(page.meta, PolicyMeta):
        return "相关解读", tuple(Link(p.title, p.url) for p in site.catalogue.interpretations.get(src, ()))
    if isinstance(page.meta, InterpretationMeta) and src in site.catalogue.policies:
        policy = site.catalogue.policies[src]
        return "政策原文", (Link(policy.title, policy.url),)
    consultations = site.consultations_of.get(src, ())
    if consultations:
        return "意见征集", tuple(Link(p.title, p.url) for p in consultations)
    return "", ()


def consultation_view(site: Site, page: Page) -> ConsultationView:
    meta: ConsultationMeta = page.meta  # type: ignore[assignment]
    result = None
    if meta.result is not None and meta.result in site.urls:
        target = site.page_at.get(meta.result)
        result = Link(target.title if target else "意见收集和采纳情况", site.urls[meta.result])
    channels = tuple(c for ref in meta.channels for c in site.config.channels if c.id == ref)
    return ConsultationView(meta.opens, meta.closes, meta.how_to_comment, result, meta.short_reason, channels,
                            meta.comments, meta.adopted, meta.not_adopted_reasons)


def policy_history(site: Site, page: Page) -> tuple[HistoryEvent, ...]:
    """有效性 history: 成文, 发布, 施行, and the documents that ended or changed it, or that it ended."""
    events = []
    for event in site.library.history.get(page.doc.src_path, ()):
        other = None
        if event.other is not None and event.other in site.urls:
            target = site.page_at.get(event.other)
            other = Link(target.title if target else str(event.other), site.urls[event.other])
        events.append(HistoryEvent(event.day, event.what, other, event.ends_this))
    return tuple(events)


def services_view(pages: tuple) -> ServicesView:
    """办事服务: the matters done with at most one trip, listed apart."""
    return ServicesView(entries(p for p in pages if getattr(p.meta, "max_one_trip", False)))


def reply_view(page: Page) -> ReplyView:
    meta: ReplyMeta = page.meta  # type: ignore[assignment]
    days = (meta.reply_date - meta.received).days if meta.reply_date else None
    return ReplyView(meta.question, meta.asker, meta.received, meta.reply, meta.reply_date,
                     meta.organ.name if meta.organ else "", days)


def elements(meta: InterpretationMeta) -> tuple[ElementView, ...]:
    return tuple(ElementView(label, getattr(meta, key)) for key, label in ELEMENTS if getattr(meta, key))


def directory_rows(site: Site) -> tuple[DirectoryRowView, ...]:
    rows = []
    for row in site.data.directory:
        column = site.sections.get(row.column)
        rows.append(DirectoryRowView(
            row.id, row.area, row.item_l1, row.item_l2, row.content, row.basis, row.subject.name, row.deadline,
            row.channels, row.audience, row.mode, row.level, Link(column.title, column.url) if column else None,
            row.hotline, entries(site.catalogue.row_items.get(row.id, ()))))
    return tuple(rows)


def leads(task_roles: tuple[RoleView, ...]) -> tuple[RoleView, ...]:
    return tuple(r for r in task_roles if r.role in LEAD_ROLES)
