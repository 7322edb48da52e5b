"""The 政府信息公开 column: its four parts, the catalogue and its browse views, policy ↔ interpretation
links, the 主动公开基本目录, and the rules on 索引号, attachments and disclosure time limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from gongkai.config import CATEGORIES, SiteConfig
from gongkai.data import SiteData
from gongkai.documents import Document, GuideMeta, InterpretationMeta, ItemMeta, LeftOut, PolicyMeta
from gongkai.model.urls import DIRECTORY_FOLDER, VIEW_FOLDERS, directory_url, section_url, view_url
from gongkai.serials import Serials
from gongkai.problems import Problems
from gongkai.schema import ELEMENTS
from gongkai.workdays import working_days_between

PARTS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")
PART_NAMES = {"政府信息公开工作年度报告": "政府信息公开年报"}  # the official name of the fourth part, also accepted
COLUMN_TITLE = "政府信息公开"
REQUIRED_INTERPRETATION = ("规章", "行政规范性文件")
MIN_ELEMENTS = 3
FACET_TITLES = {"topic": "按主题分类", "organ": "按发布机构", "year": "按年份", "category": "按法定公开类别"}
RESERVED = {VIEW_FOLDERS[facet]: title for facet, title in FACET_TITLES.items()} | {DIRECTORY_FOLDER: "主动公开基本目录"}


@dataclass(frozen=True)
class View:
    """A browse view of the catalogue: the items of one 主题分类, organ or year."""

    facet: str
    key: str
    label: str
    url: str
    pages: tuple


@dataclass(frozen=True)
class Catalogue:
    root: str  # section path of 法定主动公开内容, "" when the site has none
    url: str
    items: tuple  # published pages with catalogue metadata, newest first
    views: tuple[View, ...]
    interpretations: dict[PurePosixPath, tuple]  # policy -> its published interpretations
    policies: dict[PurePosixPath, object]  # interpretation -> its published policy
    row_items: dict[str, tuple]  # directory row id -> published items
    directory_url: str

    def facet(self, name: str) -> tuple[View, ...]:
        return tuple(v for v in self.views if v.facet == name)


def build_catalogue(config: SiteConfig, data: SiteData, docs: tuple[Document, ...], sections: dict,
                    pages: tuple, problems: Problems, broken: LeftOut = LeftOut()) -> Catalogue:
    root = _check_column(config, sections, pages, problems, broken)
    items = tuple(p for p in pages if isinstance(p.meta, ItemMeta))
    url = sections[root].url if root in sections else "/"
    _check_ledger(docs, data, problems)
    interpretations, policies = _link_policies(docs, pages, problems, broken)
    row_items = _check_directory(data, docs, sections, items, pages, problems, broken)
    _check_deadlines(items, data, config, problems)
    views = _views(config, items, url) if root else ()
    _check_reserved(root, sections, problems)
    if root:
        _check_categories(config, sections[root], items, problems)
    return Catalogue(root, url, items, views, interpretations, policies, row_items, directory_url(url))


def _check_column(config: SiteConfig, sections: dict, pages: tuple, problems: Problems, broken: LeftOut) -> str:
    """The column is named 政府信息公开 and has exactly the four parts of 国办公开办函〔2019〕61号."""
    column = sections.get(config.disclosure)
    label = f"content/{config.disclosure}/_index.md"
    if column is None:
        problems.error("GK320", label, 0, f"缺少“{COLUMN_TITLE}”专栏（site.yml 的 disclosure 指向 {config.disclosure}）",
                       f"建立 content/{config.disclosure}/_index.md，title 写“{COLUMN_TITLE}”")
        return ""
    if column.title != COLUMN_TITLE:
        problems.error("GK320", label, column.index.line("title"), f"专栏名称应为“{COLUMN_TITLE}”，不是“{column.title}”",
                       f"把 title 改为 {COLUMN_TITLE}", key="title", label="栏目名称")
    if config.disclosure not in config.nav:
        problems.error("GK320", "site.yml", 0, f"“{COLUMN_TITLE}”专栏必须出现在首页主导航中",
                       f"在 site.yml 的 nav 中加入 {config.disclosure}", key="nav", label="主导航")
    titles = [PART_NAMES.get(sections[c].title, sections[c].title) for c in column.children]
    if sorted(titles) != sorted(PARTS) and not broken.subsection_of(config.disclosure):
        problems.error("GK321", label, 0,
                       f"专栏应恰好分为四个部分：{'、'.join(PARTS)}；现在是：{'、'.join(titles) or '无'}",
                       "按这四个名称建立子栏目，其他内容放到对应部分之下")
    root = ""
    for child in column.children:
        section = sections[child]
        if section.title == "法定主动公开内容":
            root = child
        if PART_NAMES.get(section.title, section.title) in PARTS and not _has_content(child, section, sections, pages) \
                and not broken.under(child):
            problems.error("GK322", section.index.label, 0, f"“{section.title}”部分是空的",
                           "至少发布一条信息；政府信息公开指南写在本栏目的 _index.md 中（kind: guide）")
    return root


def _has_content(path: str, section, sections: dict, pages: tuple) -> bool:
    if isinstance(section.meta, GuideMeta):
        return True
    prefix = path + "/"
    return any(p.doc.section == path or p.doc.section.startswith(prefix) for p in pages)


def _check_reserved(root: str, sections: dict, problems: Problems) -> None:
    """The catalogue's browse views and 基本目录 live in folders under it (RESERVED): folders there would collide."""
    if not root:
        return
    for child in sections[root].children:
        name = child.rpartition("/")[2]
        if name in RESERVED:
            problems.error("GK332", sections[child].index.label, 0,
                           f"栏目文件夹名“{name}”已用于目录浏览页（{RESERVED[name]}）的网址",
                           f"把 content/{child}/ 改为其他名称，例如 {name}xx")


def _check_ledger(docs: tuple[Document, ...], data: SiteData, problems: Problems) -> None:
    """Every 索引号 was given out by the ledger: above its highest serial, or in a gap it never allocated."""
    if data.ledger is None:  # an unreadable ledger is reported already; checking against it would only echo that
        return
    for doc in docs:
        if not isinstance(doc.meta, ItemMeta):
            continue
        code, _, rest = doc.meta.index_no.partition("/")
        year, serial = int(rest[:4]), int(rest[5:])
        issued = data.ledger.get((code, year), Serials())
        if serial in issued:
            continue
        if serial > issued.top:
            message = f"索引号“{doc.meta.index_no}”不是台账分配的（台账中 {code} 在 {year} 年只分配到 {issued.top:05d}）"
        else:
            message = (f"索引号“{doc.meta.index_no}”不是台账分配的（台账中 {code} 在 {year} 年从未分配过 "
                       f"{serial:05d}，可能是手写的）")
        problems.error("GK323", doc.label, doc.line("index_no"), message,
                       "新建信息请用 build.py new 分配索引号；旧网站迁移时运行 build.py ledger 把已有编号登记到台账",
                       key="index_no", label="索引号")


def _check_categories(config: SiteConfig, root, items: tuple, problems: Problems) -> None:
    """Art. 20/21: the categories the county must keep published each have at least one item in force."""
    current = {p.meta.art20 for p in items if p.meta.validity == "有效"}
    missing = [c for c in CATEGORIES if c.key in config.must_publish and c.key not in current]
    for found in missing:
        problems.warning("GK399", root.index.label, 0,
                         f"法定公开类别“{found.label}”（条例{found.article}）没有一条有效的信息",
                         f"发布这一类信息并写 art20: {found.label}；已发布的在其文件中补写 art20；本县确实不涉及的，"
                         "在 site.yml 的 must_publish 中列出其余类别", rule="art20-category")


def _link_policies(docs: tuple[Document, ...], pages: tuple, problems: Problems,
                   broken: LeftOut) -> tuple[dict, dict]:
    """Policy ↔ interpretation, whichever side declared it; check 谁起草谁解读 and 同步发布."""
    by_path = {d.src_path: d for d in docs}
    published = {p.doc.src_path: p for p in pages}
    pairs: set[tuple[PurePosixPath, PurePosixPath]] = set()
    for doc in docs:
        meta = doc.meta
        if isinstance(meta, InterpretationMeta):
            target = by_path.get(meta.interprets)
            if target is None or not isinstance(target.meta, PolicyMeta):
                if meta.interprets not in broken:  # else its own errors are reported
                    problems.error("GK324", doc.label, doc.line("interprets"), f"解读的文件 {meta.interprets} 不存在或不是政策文件",
                                   "填写政策文件（kind: policy）的路径，例如 ../zcwj/2019-01.md", key="interprets",
                                   label="解读的文件")
                continue
            pairs.add((target.src_path, doc.src_path))
        elif isinstance(meta, PolicyMeta):
            for ref in meta.interpretations:
                target = by_path.get(ref)
                if target is None or not isinstance(target.meta, InterpretationMeta):
                    if ref not in broken:
                        problems.error("GK324", doc.label, doc.line("interpretations"), f"相关解读 {ref} 不存在或不是政策解读",
                                       "填写政策解读（kind: interpretation）的路径", key="interpretations",
                                       label="相关解读")
                    continue
                pairs.add((doc.src_path, target.src_path))
    interpretations: dict[PurePosixPath, list] = {}
    policies: dict[PurePosixPath, object] = {}
    for policy_path, interp_path in sorted(pairs):
        if policy_path in published and interp_path in published:
            interpretations.setdefault(policy_path, []).append(published[interp_path])
            policies[interp_path] = published[policy_path]
            _check_pair(published[policy_path].doc, published[interp_path].doc, problems)
    for page in pages:
        meta = page.meta
        if isinstance(meta, PolicyMeta) and meta.doc_type in REQUIRED_INTERPRETATION \
                and page.doc.src_path not in interpretations and not meta.interpretation_exempt:
            if broken:
                continue  # an interpretation, which may be anywhere, may be a file left out for its own errors
            problems.error("GK325", page.doc.label, page.doc.line("doc_type"),
                           f"{meta.doc_type}必须同步发布政策解读，这份文件没有已发布的解读",
                           "发布解读（kind: interpretation，interprets 指向本文件）；确实不需要解读的，写 interpretation_exempt: 理由",
                           key="interpretations", label="相关解读", rule="missing-interpretation")
    return {k: tuple(v) for k, v in interpretations.items()}, policies


def _check_pair(policy: Document, interp: Document, problems: Problems) -> None:
    pm, im = policy.meta, interp.meta
    drafter = im.drafting_organ or im.organ
    if drafter is not None and pm.organ is not None and drafter.id != pm.organ.id and not im.co_drafted:
        problems.warning("GK326", interp.label, interp.line("drafting_organ") if "drafting_organ" in interp.lines else interp.line("organ"),
                         f"解读由{drafter.name}起草，政策文件由{pm.organ.name}发布（谁起草、谁解读）",
                         "由政策文件的起草机关解读；联合起草的写 co_drafted: true", key="drafting_organ", label="起草机关")
    if pm.published and im.published and pm.published.date() != im.published.date():
        problems.warning("GK327", interp.label, interp.line("published"),
                         f"解读发布于 {im.published:%Y-%m-%d}，政策文件发布于 {pm.published:%Y-%m-%d}，未同步发布",
                         "政策文件与解读应同步发布", key="published", label="发布日期")
    filled = [label for key, label in ELEMENTS if getattr(im, key)]
    if len(filled) < MIN_ELEMENTS:
        problems.warning("GK328", interp.label, 1, f"解读只写了 {len(filled)} 个要素（至少 {MIN_ELEMENTS} 个）",
                         "补充背景依据、目标任务、主要内容、执行标准、惠民利民举措、新旧政策差异等要素")


def _check_directory(data: SiteData, docs: tuple[Document, ...], sections: dict, items: tuple, pages: tuple,
                     problems: Problems, broken: LeftOut) -> dict[str, tuple]:
    label = "content/_data/directory.yml"
    rows = {r.id: r for r in data.directory}
    row_items: dict[str, list] = {r.id: [] for r in data.directory}
    for row in data.directory:
        needs_column = row.mode == "主动" and "政府网站" in row.channels
        if row.column and row.column not in sections and not broken.index_of(row.column):
            problems.error("GK329", label, row.line, f"事项“{row.item_l1}”的发布栏目 {row.column} 不存在",
                           "column 填写 content 下已有的栏目文件夹，例如 xxgk/fdzdgknr", key="column", label="发布栏目")
        elif needs_column and not row.column:
            problems.error("GK329", label, row.line, f"事项“{row.item_l1}”在政府网站主动公开，但没有写发布栏目",
                           "加上 column: 栏目文件夹", key="column", label="发布栏目")
    for doc in docs:
        ref = getattr(doc.meta, "directory_row", "")
        if ref and ref not in rows:
            problems.error("GK331", doc.label, doc.line("directory_row"), f"主动公开基本目录中没有编号为“{ref}”的事项",
                           "填写 content/_data/directory.yml 中事项的 id", key="directory_row", label="基本目录事项")
    for page in pages:  # items, and news or notices that publish a row (a 公示 in a topic column)
        if page.meta.directory_row in row_items:
            row_items[page.meta.directory_row].append(page)
    for row in data.directory:
        column = sections.get(row.column)
        if row.mode == "主动" and "政府网站" in row.channels and column is not None and not row_items[row.id]:
            prefix = row.column + "/"
            if not any(p.doc.section == row.column or p.doc.section.startswith(prefix) for p in pages):
                problems.warning("GK330", label, row.line, f"事项“{row.item_l1}”的发布栏目 {row.column} 还没有信息",
                                 "发布该事项的信息，并在信息中写 directory_row: " + row.id)
    return {k: tuple(v) for k, v in row_items.items()}


def _check_deadlines(items: tuple, data: SiteData, config: SiteConfig, problems: Problems) -> None:
    """Art. 26: publish within 20 working days of creation (or the row's own limit)."""
    rows = {r.id: r for r in data.directory}
    guessed: dict[int, list[str]] = {}
    for page in items:
        meta = page.meta
        row = rows.get(meta.directory_row)
        limit = row.deadline_days if row else config.disclosure_days
        count = working_days_between(meta.created, meta.published.date(), data.calendar)
        for year in count.guessed_years:
            guessed.setdefault(year, []).append(page.doc.label)
        if count.days > limit:
            problems.warning("GK340", page.doc.label, page.doc.line("published"),
                             f"成文后第 {count.days} 个工作日才发布，超过 {limit} 个工作日的公开时限 {count.days - limit} 个工作日",
                             "信息形成后应及时发布；核对成文日期和发布日期是否填写正确", key="published", label="发布日期",
                             rule="late-disclosure")
    for year, labels in sorted(guessed.items()):  # a count of Monday to Friday would misjudge the deadline
        problems.error("GK341", "content/_data/calendar.yml", 0,
                       f"节假日表不含 {year} 年，无法计算这一年的工作日（涉及 {len(labels)} 条信息）",
                       f"在 content/_data/calendar.yml 中写上 {year} 年的放假和调休日期（格式见编辑手册“公开时限”）",
                       others=tuple((label, 0) for label in labels[:5]))


def _views(config: SiteConfig, items: tuple, base: str) -> tuple[View, ...]:
    views = []
    for topic in config.topics:
        pages = tuple(p for p in items if p.meta.topic == topic.name)
        if pages:  # a category with nothing in it is not offered to visitors
            views.append(View("topic", topic.key, topic.label, view_url(base, "topic", topic.key), pages))
    for organ in config.organs:
        pages = tuple(p for p in items if p.meta.organ is not None and p.meta.organ.id == organ.id)
        if pages:
            views.append(View("organ", organ.id, organ.name, view_url(base, "organ", organ.id), pages))
    for category in CATEGORIES:
        pages = tuple(p for p in items if p.meta.art20 == category.key)
        if pages:
            views.append(View("category", category.key, category.label, view_url(base, "category", category.key), pages))
    years = sorted({p.meta.published.year for p in items}, reverse=True)
    for year in years:
        pages = tuple(p for p in items if p.meta.published.year == year)
        views.append(View("year", str(year), f"{year}年", view_url(base, "year", str(year)), pages))
    return tuple(views)


__all__ = ["Catalogue", "PARTS", "View", "build_catalogue", "section_url"]
