"""政务新媒体 registry (content/_data/media.yml): the county's accounts, with their codes and whether they run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gongkai.config import SiteConfig
from gongkai.field_reading import read_fields
from gongkai.field_types import OrganRef
from gongkai.fields import Choice, Date, FieldSpec, Text
from gongkai.load import Node, Seq
from gongkai.problems import Problems

LABEL = "content/_data/media.yml"
MEDIA = "media.yml"
MEDIA_PLATFORMS = ("微信公众号", "微博", "抖音", "快手", "今日头条", "视频号", "客户端", "其他")


@dataclass(frozen=True)
class MediaAccount:
    """One 政务新媒体 account of the county's registry (国办发〔2018〕123号: 开设、变更、关停 are registered)."""

    platform: str
    name: str
    owner: object  # Organ
    opened: date
    status: str  # 运营 | 关停
    qr: str = ""  # the QR picture's path inside content/
    updated: date | None = None  # its latest post: an account 运营 must post at least every 2 weeks
    closed: date | None = None
    note: str = ""
    line: int = 0


def read_media(node: Node | None, root: Path, config: SiteConfig, problems: Problems) -> tuple[MediaAccount, ...]:
    if node is None:
        return ()
    label = LABEL
    if not isinstance(node, Seq):
        problems.error("GK124", label, node.line, "政务新媒体名录应是账号列表，每项以“- ”开头",
                       "参照 docs/参考手册.md 和示例网站 content/_data 中的同名文件")
        return ()
    specs = (
        FieldSpec("platform", "平台", Choice(MEDIA_PLATFORMS, "平台"), True),
        FieldSpec("name", "账号名称", Text("荣县发布"), True),
        FieldSpec("owner", "主办单位", OrganRef(config), True),
        FieldSpec("opened", "开设时间", Date(), True),
        FieldSpec("status", "状态", Choice(("运营", "关停"), "状态"), True),
        FieldSpec("qr", "二维码图片", Text("images/xmt/rxfb-wx.png")),
        FieldSpec("updated", "最近更新日期", Date()),
        FieldSpec("closed", "关停日期", Date()),
        FieldSpec("note", "说明", Text("县政府新闻办主办的综合发布账号", multiline=True)),
    )
    accounts = []
    for item in node.items:
        values = read_fields(item, specs, label, problems, what="新媒体账号字段")
        if values is None:
            continue
        account = MediaAccount(**values, line=item.line)
        qr = account.qr.strip("/")
        if qr and not (root / "content" / qr).is_file():
            problems.error("GK125", label, item.line, f"找不到“{account.name}”的二维码图片 content/{qr}",
                           "把二维码图片放进 content/ 下，qr 写它在 content/ 中的路径", key="qr", label="二维码图片")
        if account.status == "关停" and account.closed is None:
            problems.error("GK125", label, item.line, f"“{account.name}”已关停，但没有写关停日期",
                           "写 closed: 关停日期（关停须公告并在名录中注明）", key="closed", label="关停日期")
        if account.status == "运营" and account.updated is None:
            problems.error("GK125", label, item.line, f"运营中的“{account.name}”没有写最近更新日期",
                           "写 updated: 账号最近一次发布信息的日期（检查两周内是否更新）", key="updated", label="最近更新日期")
        accounts.append(account)
    return tuple(accounts)
