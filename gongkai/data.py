"""Data files under content/_data: the 索引号 ledger, the holiday calendar, the 主动公开基本目录, the wording
dictionary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gongkai.config import SiteConfig
from gongkai.field_reading import read_fields
from gongkai.fields import INVALID, Choice, Date, FieldSpec, Integer, Text, TextList, Where
from gongkai.media_registry import MEDIA, MediaAccount, read_media
from gongkai.load import Map, Node, Scalar, Seq, decode, parse_yaml
from gongkai.personal import find_personal_data
from gongkai.problems import Problems, nearest
from gongkai.serials import Serials
from gongkai.field_types import OrganRef
from gongkai.workdays import WorkCalendar

DATA = Path("content/_data")
LEDGER = "ledger.yml"
CALENDAR = "calendar.yml"
DIRECTORY = "directory.yml"
WORDING = "wording.yml"

# 国办发〔2019〕54号: the 26 areas of the standard directories.
DIRECTORY_AREAS = (
    "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿", "国有土地上房屋征收与补偿",
    "生态环境", "公共文化服务", "扶贫", "救灾", "社会救助", "养老服务", "户籍管理", "涉农补贴", "义务教育",
    "卫生健康", "城乡规划", "市政服务", "农村危房改造", "保障性住房", "就业", "社会保险", "食品药品监管",
    "城市综合执法", "公共法律服务",
)
CHANNELS = (
    "政府网站", "两微一端", "广播电视", "公开查阅点", "便民服务站", "政府公报", "发布会/听证会", "纸质媒体",
    "政务服务中心", "入户/现场", "社区/村公示栏(电子屏)", "精准推送", "其他",
)


@dataclass(frozen=True)
class DirectoryRow:
    """One row of the 主动公开基本目录 (the columns of 国办发〔2019〕54号 and Sichuan's 11)."""

    id: str
    area: str
    item_l1: str
    item_l2: str
    content: str
    basis: tuple[str, ...]
    subject: object  # Organ
    deadline: str
    deadline_days: int
    channels: tuple[str, ...]
    audience: str
    mode: str
    level: str
    column: str
    hotline: str
    line: int


@dataclass(frozen=True)
class NamedLeader:
    """A leader whose name, after their title, must be written exactly so (严重表述错误 is a single veto)."""

    name: str
    title: str


@dataclass(frozen=True)
class Wording:
    """The site's own wording dictionary; the checks add the built-in one and the organ pages' leaders."""

    leaders: tuple[NamedLeader, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()  # (written wrong, right)


@dataclass(frozen=True)
class SiteData:
    ledger: dict[tuple[str, int], Serials] | None  # (organ code, year) -> serials given out; None if unreadable
    ledger_lines: dict[tuple[str, int], int]
    calendar: WorkCalendar
    directory: tuple[DirectoryRow, ...]
    wording: Wording = Wording()
    # 事前公开 data by organ id, for every file in content/_data/enforcement/; None where the file has errors
    enforcement: dict[str, EnforcementData | None] = field(default_factory=dict)
    media: tuple[MediaAccount, ...] = ()


def _read(root: Path, name: str, problems: Problems) -> Node | None:
    path = root / DATA / name
    if not path.is_file():
        return None
    label = (DATA / name).as_posix()
    text = decode(path.read_bytes(), label, problems)
    return None if text is None else parse_yaml(text, 1, label, problems)


def load_data(root: Path, config: SiteConfig, problems: Problems) -> SiteData:
    ledger, lines = _ledger(_read(root, LEDGER, problems), problems)
    folder = root / DATA / ENFORCEMENT_DIR
    organs = sorted(path.stem for path in folder.glob("*.yml") if path.is_file()) if folder.is_dir() else []
    return SiteData(ledger, lines, _calendar(_read(root, CALENDAR, problems), problems),
                    _directory(_read(root, DIRECTORY, problems), config, problems),
                    _wording(_read(root, WORDING, problems), problems),
                    {organ: load_enforcement(root, organ, problems) for organ in organs},
                    read_media(_read(root, MEDIA, problems), root, config, problems))


def _wording(node: Node | None, problems: Problems) -> Wording:
    if node is None:
        return Wording()
    label = (DATA / WORDING).as_posix()
    if not isinstance(node, Map):
        problems.error("GK123", label, node.line, "用语词表应有 leaders（领导姓名和职务）和 terms（错误写法: 正确写法）两部分",
                       "参照 docs/参考手册.md 和示例网站 content/_data 中的同名文件")
        return Wording()
    leaders: list[NamedLeader] = []
    terms: list[tuple[str, str]] = []
    for entry in node.entries:
        if entry.key == "leaders" and isinstance(entry.value, Seq):
            specs = (FieldSpec("name", "姓名", Text("李明华"), True), FieldSpec("title", "职务", Text("县长"), True))
            for item in entry.value.items:
                values = read_fields(item, specs, label, problems, what="领导字段")
                if values is not None:
                    leaders.append(NamedLeader(values["name"], values["title"]))
        elif entry.key == "terms" and isinstance(entry.value, Map):
            for term in entry.value.entries:
                right = term.value.text.strip() if isinstance(term.value, Scalar) else ""
                if not right or right == term.key:
                    problems.error("GK123", label, term.line, f"“{term.key}”后面要写正确的写法",
                                   "每行写“错误写法: 正确写法”，例如 布署: 部署")
                    continue
                terms.append((term.key, right))
        else:
            wrong = {"leaders": "leaders 应是列表", "terms": "terms 应是“错误写法: 正确写法”的键值表"}
            problems.error("GK123", label, entry.line, wrong.get(entry.key, f"用语词表中不认识“{entry.key}”这一部分"),
                           "只写 leaders（列表，每项 {name: 姓名, title: 职务}）和 terms（每行“错误写法: 正确写法”）")
    return Wording(tuple(leaders), tuple(terms))


def _ledger(node: Node | None, problems: Problems) -> tuple[dict | None, dict]:
    label = (DATA / LEDGER).as_posix()
    ledger: dict[tuple[str, int], Serials] = {}
    lines: dict[tuple[str, int], int] = {}
    if node is None:
        return ledger, lines
    if not isinstance(node, Map):
        problems.error("GK120", label, node.line, "索引号台账应是“机构代码: {年份: 流水号}”的键值表",
                       "不要手改台账；删除后运行 build.py ledger 重新登记已有编号")
        return None, lines
    for organ in node.entries:
        if not isinstance(organ.value, Map):
            problems.error("GK120", label, organ.line, f"机构代码 {organ.key} 下应是“年份: 流水号”",
                           "例如 \"2019\": 12")
            continue
        for year in organ.value.entries:
            serials = Serials.parse(year.value.text) if isinstance(year.value, Scalar) else None
            if serials is None or not year.key.isdigit():
                problems.error("GK120", label, year.line, f"机构代码 {organ.key} 下“{year.key}”一行应是“年份: 已分配的流水号”",
                               "写成 \"2019\": 12（1 到 12 都已分配），或 \"2019\": \"1-3, 7\"（只分配过这些）；"
                               "不要手改台账，运行 build.py ledger 重新登记已有编号")
                continue
            ledger[(organ.key, int(year.key))] = serials
            lines[(organ.key, int(year.key))] = year.line
    return ledger, lines


def _calendar(node: Node | None, problems: Problems) -> WorkCalendar:
    if node is None:
        return WorkCalendar()
    label = (DATA / CALENDAR).as_posix()
    specs = (FieldSpec("holidays", "放假日期", TextList(Date(), "2027-01-01")),
             FieldSpec("workdays", "调休上班日期", TextList(Date(), "2027-02-07")),
             FieldSpec("years", "完整覆盖的年份", TextList(Integer(2000, 2100), "2027")))
    values = read_fields(node, specs, label, problems, what="日历字段")
    if values is None:
        return WorkCalendar()
    return WorkCalendar(frozenset(values.get("holidays", ())), frozenset(values.get("workdays", ())),
                        frozenset(values.get("years", ())))


def _directory(node: Node | None, config: SiteConfig, problems: Problems) -> tuple[DirectoryRow, ...]:
    if node is None:
        return ()
    label = (DATA / DIRECTORY).as_posix()
    if not isinstance(node, Seq):
        problems.error("GK121", label, node.line, "主动公开基本目录应是事项列表，每项以“- ”开头", "参照 docs/参考手册.md 和示例网站 content/_data 中的同名文件")
        return ()
    specs = (
        FieldSpec("id", "事项编号", Text("czyjs-01"), True),
        FieldSpec("area", "事项类别", Choice(DIRECTORY_AREAS, "事项类别"), True),
        FieldSpec("item_l1", "一级事项", Text("财政预决算"), True),
        FieldSpec("item_l2", "二级事项", Text("部门预算")),
        FieldSpec("content", "公开内容", Text("部门预算报表及说明", multiline=True), True),
        FieldSpec("basis", "公开依据", TextList(Text("《预算法》"), "《预算法》"), True),
        FieldSpec("subject", "公开主体", OrganRef(config), True),
        FieldSpec("deadline", "公开时限", Text("信息形成或者变更之日起20个工作日内")),
        FieldSpec("deadline_days", "时限（工作日）", Integer(1, 365)),
        FieldSpec("channels", "公开渠道", TextList(Choice(CHANNELS, "公开渠道"), "政府网站 两微一端"), True),
        FieldSpec("audience", "公开对象", Choice(("全社会", "特定群众"), "公开对象"), True),
        FieldSpec("mode", "公开方式", Choice(("主动", "依申请"), "公开方式"), True),
        FieldSpec("level", "公开层级", Choice(("县级", "乡级"), "公开层级"), True),
        FieldSpec("column", "发布栏目", Text("xxgk/fdzdgknr")),
        FieldSpec("hotline", "咨询及监督举报电话", Text("0813-6102012")),
    )
    rows = []
    seen: set[str] = set()
    for item in node.items:
        values = read_fields(item, specs, label, problems, what="目录字段")
        if values is None:
            continue
        if values["id"] in seen:
            problems.error("GK121", label, item.line, f"事项编号“{values['id']}”重复", "每个事项的 id 要互不相同",
                           key="id", label="事项编号")
            continue
        seen.add(values["id"])
        days = values.get("deadline_days", config.disclosure_days)
        rows.append(DirectoryRow(
            id=values["id"], area=values["area"], item_l1=values["item_l1"], item_l2=values.get("item_l2", ""),
            content=values["content"], basis=values["basis"], subject=values["subject"],
            deadline=values.get("deadline", f"信息形成或者变更之日起{days}个工作日内"), deadline_days=days,
            channels=values["channels"], audience=values["audience"], mode=values["mode"], level=values["level"],
            column=values.get("column", "").strip("/"), hotline=values.get("hotline", ""),
            line=item.line))
    return tuple(rows)


__all__ = ["DirectoryRow", "SiteData", "load_data", "date"]


ENFORCEMENT_DIR = "enforcement"


@dataclass(frozen=True)
class Row:
    """One row of a 事前公开 table: its values by key, in the table's column order."""

    values: tuple[tuple[str, str], ...]

    def get(self, key: str) -> str:
        return dict(self.values).get(key, "")


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, label)
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Procedure:
    name: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class EnforcementData:
    """事前公开 of one organ (国办发〔2018〕118号), kept as a data file and rendered as tables."""

    organ_id: str
    label: str
    subject: Row
    tables: tuple[Table, ...]  # 执法人员, 职责权限, 执法依据, 服务指南, 随机抽查事项清单, 裁量基准
    procedures: tuple[Procedure, ...]
    remedies: str
    stats: tuple[Row, ...]  # 年度执法数据: year and a count per category


# (key, title, [(column key, label, required)])
ENFORCEMENT_TABLES = (
    ("officers", "执法人员", (("name", "姓名", True), ("cert_no", "执法证号", True), ("area", "执法领域", True))),
    ("powers", "职责权限", (("type", "权力类别", True), ("name", "事项名称", True), ("basis", "设定依据", True))),
    ("bases", "执法依据", (("title", "法律法规名称", True), ("issuer", "制定机关", False), ("articles", "相关条款", False))),
    ("guides", "服务指南", (("matter", "事项", True), ("office", "受理和决定机构", True), ("conditions", "办理条件", True),
                         ("materials", "申请材料", False), ("time_limit", "办理时限", True), ("fee", "收费", False))),
    ("random_checks", "随机抽查事项清单", (("type", "抽查类别", True), ("item", "抽查事项", True), ("target", "检查对象", True),
                                   ("basis", "检查依据", True), ("office", "实施机构", True))),
    ("discretion", "行政执法裁量基准", (("violation", "违法行为", True), ("basis", "处罚依据", True),
                                  ("circumstance", "违法情节", True), ("standard", "裁量基准", True))),
)
STAT_CATEGORIES = ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收")


def _row_specs(columns) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(key, label, Text(label, multiline=True), required) for key, label, required in columns)


def _rows(node: Node | None, specs: tuple[FieldSpec, ...], label: str, problems: Problems) -> tuple[Row, ...] | None:
    if node is None:
        return ()
    if not isinstance(node, Seq):
        problems.error("GK122", label, node.line, "这里应是列表，每项以“- ”开头", "参照示例网站的 content/_data/enforcement/")
        return None
    rows = []
    for item in node.items:
        values = read_fields(item, specs, label, problems, what="表格字段")
        if values is None:
            return None
        if not _no_ids(item, values, specs, label, problems):
            return None
        rows.append(Row(tuple((s.key, str(values.get(s.key, ""))) for s in specs)))
    return tuple(rows)


def _no_ids(item: Node, values: dict, specs: tuple[FieldSpec, ...], label: str, problems: Problems) -> bool:
    """A published table holds no citizen's ID number (an officer's 执法证号 column filled with one, say)."""
    ok = True
    for spec in specs:
        entry = item.get(spec.key) if isinstance(item, Map) else None
        value = values.get(spec.key)
        for finding in find_personal_data(value, False, ids_only=True) if entry and isinstance(value, str) else ():
            problems.error("GK366", label, entry.line, f"「{spec.label}」含有不得公开的{finding.what}“{finding.text}”",
                           "执法证号填写行政执法证上的编号；任何表格都不能填身份证号", key=spec.key, label=spec.label)
            ok = False
    return ok


def load_enforcement(root: Path, organ_id: str, problems: Problems) -> EnforcementData | None:
    """Read content/_data/enforcement/<organ id>.yml; None when the organ has no such file."""
    name = f"{ENFORCEMENT_DIR}/{organ_id}.yml"
    node = _read(root, name, problems)
    if node is None:
        return None
    label = (DATA / name).as_posix()
    if not isinstance(node, Map):
        problems.error("GK122", label, node.line, "事前公开信息应是“栏目: 内容”的键值表", "参照示例网站的 content/_data/enforcement/")
        return None
    keys = ("subject", "procedures", "remedies", "stats") + tuple(t[0] for t in ENFORCEMENT_TABLES)
    ok = True
    for entry in node.entries:
        if entry.key not in keys:
            guess = nearest(entry.key, list(keys))
            problems.error("GK201", label, entry.line, f"没有名为“{entry.key}”的事前公开栏目",
                           (f"是不是“{guess}”？" if guess else "") + "可用：" + "、".join(keys), key=entry.key)
            ok = False
    subject_specs = _row_specs((("name", "执法主体名称", True), ("nature", "主体性质", True), ("basis", "设立依据", False),
                                ("address", "办公地址", True), ("phone", "联系电话", True)))
    subject_node = node.get("subject")
    subject = None
    if subject_node is None:
        problems.error("GK202", label, node.line, "缺少执法主体（subject）", "写明执法主体名称、性质、地址和电话", key="subject")
        ok = False
    else:
        values = read_fields(subject_node.value, subject_specs, label, problems, what="执法主体字段")
        subject = Row(tuple((s.key, values.get(s.key, "")) for s in subject_specs)) if values is not None else None
        ok = ok and subject is not None
    tables = []
    for key, title, columns in ENFORCEMENT_TABLES:
        entry = node.get(key)
        rows = _rows(entry.value if entry else None, _row_specs(columns), label, problems)
        if rows is None:
            ok = False
            continue
        tables.append(Table(key, title, tuple((k, lab) for k, lab, _ in columns), rows))
    procedures = []
    entry = node.get("procedures")
    proc_specs = (FieldSpec("name", "程序名称", Text("行政处罚一般程序"), True),
                  FieldSpec("steps", "步骤", TextList(Text("立案"), "[立案, 调查取证, 告知, 决定, 送达]"), True))
    if entry is not None:
        if isinstance(entry.value, Seq):
            for item in entry.value.items:
                values = read_fields(item, proc_specs, label, problems, what="执法程序字段")
                if values is None:
                    ok = False
                    continue
                procedures.append(Procedure(values["name"], values["steps"]))
        else:
            problems.error("GK122", label, entry.line, "执法程序应是列表", "每项写 name 和 steps", key="procedures")
            ok = False
    remedies = ""
    entry = node.get("remedies")
    if entry is not None:
        value = Text("可以申请行政复议或提起行政诉讼", multiline=True).parse(
            entry.value, Where(label, entry.line, "remedies", "救济渠道", problems))
        remedies = "" if value is INVALID else value
        ok = ok and value is not INVALID
    stat_specs = (FieldSpec("year", "年度", Integer(2000, 2100), True),) + tuple(
        FieldSpec(c, c, Integer(0, 10_000_000), True) for c in STAT_CATEGORIES)
    entry = node.get("stats")
    stats: tuple[Row, ...] = ()
    if entry is not None:
        parsed = _rows(entry.value, stat_specs, label, problems)
        ok = ok and parsed is not None
        stats = parsed or ()
    if not ok or subject is None:
        return None
    return EnforcementData(organ_id, label, subject, tuple(tables), tuple(procedures), remedies, stats)
