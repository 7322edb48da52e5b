"""The public statistics page: bar charts computed at build time (inline SVG, no JavaScript)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gongkai.documents import DecisionMeta
from gongkai.model.urls import CATEGORY_SLUGS
from gongkai.model.site import Site

@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int  # where the bar starts
    y: int  # the bar's top
    length: int
    label_x: int
    label_y: int  # the label's baseline


@dataclass(frozen=True)
class ChartView:
    """A bar chart drawn as inline SVG at build time, with its numbers as a table beside it."""

    key: str
    title: str
    description: str
    unit: str
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]
    total: int


@dataclass(frozen=True)
class StatisticsView:
    year: int
    charts: tuple[ChartView, ...]


# Horizontal bars only: every label has a line of its own, so no two labels can meet however long they are.
# The drawing is as wide as a phone's column (320 units, drawn at 1 px each on a 360 px screen), so its text
# stays at FONT px there; on a 320 px screen it shrinks to 90 %, still above 12 px.
WIDTH = 320
FONT = 14
BAR = 14
VALUE_SPACE = 44  # the number after the longest bar
MAX_ORGANS = 12


def chart(key: str, title: str, description: str, unit: str, data: list[tuple[str, int]]) -> ChartView:
    """Scale the bars to the largest value; a short label goes before its bar, a long one above it."""
    top = max([v for _, v in data] + [1])
    label_width = max([len(label) for label, _ in data] + [1]) * FONT + 8
    beside = label_width <= 96
    start = label_width if beside else 0
    row = BAR + 12 if beside else FONT + BAR + 16
    length = WIDTH - start - VALUE_SPACE
    bars = []
    for i, (label, value) in enumerate(data):
        y = 6 + i * row + (0 if beside else FONT + 4)
        bars.append(Bar(label, value, start, y, round(length * value / top),
                        label_width - 8 if beside else 0, y + BAR - 2 if beside else y - 5))
    return ChartView(key, title, description, unit, WIDTH, 6 + len(data) * row, BAR, tuple(bars),
                     sum(v for _, v in data))


def statistics_view(site: Site) -> StatisticsView:
    year = site.today.year
    items = [p for p in site.pages if p.meta.published is not None and not isinstance(p.meta, DecisionMeta)]
    charts = []
    for y in (year, year - 1):
        months = Counter(p.meta.published.month for p in items if p.meta.published.year == y)
        last = site.today.month if y == year else 12  # months still to come are not drawn as nothing published
        charts.append(chart(f"month-{y}", f"{y} 年各月发布信息数", f"{y} 年 1 至 {last} 月每月在本网站发布的信息条数", "条",
                            [(f"{m}月", months.get(m, 0)) for m in range(1, last + 1)]))
    organs = Counter(p.meta.organ.short for p in items if p.meta.organ and p.meta.published.year == year)
    ranked = sorted(organs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ORGANS]
    charts.append(chart("organs", f"{year} 年各机构发布信息数", f"{year} 年发布信息最多的机构（前 {MAX_ORGANS} 个）", "条", ranked))
    decisions = Counter(p.meta.category for o in site.enforcement for p in o.decisions)
    charts.append(chart("enforcement", "正在公示的行政执法决定", "按执法类别统计正在公示的决定件数", "件",
                        [(c.removeprefix("行政"), decisions.get(c, 0)) for c in CATEGORY_SLUGS]))
    for plan in site.plans[:1]:
        tasks = plan.tasks()
        done = sum(1 for t in tasks if t.items)
        charts.append(chart("plan", f"{plan.title}任务落实情况", "已有、尚无落实信息的任务数", "项",
                            [("已有落实信息", done), ("尚无落实信息", len(tasks) - done)]))
    return StatisticsView(year, tuple(charts))
