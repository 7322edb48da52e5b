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
    x: int
    y: int
    height: int  # for a horizontal chart, the bar's length


@dataclass(frozen=True)
class ChartView:
    """A bar chart drawn as inline SVG at build time, with its numbers as a table beside it."""

    key: str
    title: str
    description: str
    unit: str
    width: int
    height: int
    bar_width: int
    bars: tuple[Bar, ...]
    total: int
    horizontal: bool = False  # long labels (organ names) read better on horizontal bars


@dataclass(frozen=True)
class StatisticsView:
    year: int
    charts: tuple[ChartView, ...]


CHART_HEIGHT = 200  # drawing area for bars, in SVG units
LABEL_SPACE = 40
BAR_WIDTH = 36
GAP = 14
MAX_ORGANS = 12


def chart(key: str, title: str, description: str, unit: str, data: list[tuple[str, int]]) -> ChartView:
    """Scale the bars to the largest value; the numbers themselves go into the table beside the chart."""
    top = max([v for _, v in data] + [1])
    bars = []
    for i, (label, value) in enumerate(data):
        height = round(CHART_HEIGHT * value / top)
        bars.append(Bar(label, value, GAP + i * (BAR_WIDTH + GAP), 20 + CHART_HEIGHT - height, height))
    width = GAP + len(data) * (BAR_WIDTH + GAP)
    return ChartView(key, title, description, unit, width, CHART_HEIGHT + 20 + LABEL_SPACE, BAR_WIDTH, tuple(bars),
                     sum(v for _, v in data))


LABEL_WIDTH = 120
ROW = 28
LENGTH = 320


def hchart(key: str, title: str, description: str, unit: str, data: list[tuple[str, int]]) -> ChartView:
    """Horizontal bars: label at the left, length scaled to the largest value."""
    top = max([v for _, v in data] + [1])
    bars = tuple(Bar(label, value, LABEL_WIDTH, 4 + i * ROW, round(LENGTH * value / top)) for i, (label, value) in enumerate(data))
    return ChartView(key, title, description, unit, LABEL_WIDTH + LENGTH + 40, 8 + len(data) * ROW, ROW - 8, bars,
                     sum(v for _, v in data), horizontal=True)


def statistics_view(site: Site) -> StatisticsView:
    year = site.today.year
    items = [p for p in site.pages if p.meta.published is not None and not isinstance(p.meta, DecisionMeta)]
    charts = []
    for y in (year, year - 1):
        months = Counter(p.meta.published.month for p in items if p.meta.published.year == y)
        charts.append(chart(f"month-{y}", f"{y} 年各月发布信息数", f"{y} 年 1 至 12 月每月在本网站发布的信息条数", "条",
                            [(f"{m}月", months.get(m, 0)) for m in range(1, 13)]))
    organs = Counter(p.meta.organ.short for p in items if p.meta.organ and p.meta.published.year == year)
    ranked = sorted(organs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ORGANS]
    charts.append(hchart("organs", f"{year} 年各机构发布信息数", f"{year} 年发布信息最多的机构（前 {MAX_ORGANS} 个）", "条", ranked))
    decisions = Counter(p.meta.category for o in site.enforcement for p in o.decisions)
    charts.append(chart("enforcement", "正在公示的行政执法决定", "按执法类别统计正在公示的决定件数", "件",
                        [(c.removeprefix("行政"), decisions.get(c, 0)) for c in CATEGORY_SLUGS]))
    for plan in site.plans[:1]:
        tasks = plan.tasks()
        done = sum(1 for t in tasks if t.items)
        charts.append(chart("plan", f"{plan.title}任务落实情况", "已有、尚无落实信息的任务数", "项",
                            [("已有落实信息", done), ("尚无落实信息", len(tasks) - done)]))
    return StatisticsView(year, tuple(charts))
