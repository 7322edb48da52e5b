"""The names of the files a site is written to: one file each, on every disk and server it may be copied to.

A name that differs from another only in letter case or Unicode form (a.pdf, A.pdf) overwrites it on
Windows, macOS and IIS; a folder the generator writes itself (the search index, the theme's files, the
exports, its own pages) must not also hold content; and a name too long for the disk is caught here,
with its file and line, not when the disk refuses it."""

from __future__ import annotations

import unicodedata

from gongkai.documents import Document
from gongkai.load import Asset
from gongkai.model.urls import GENERATED_FOLDERS, asset_url, document_url, out_name
from gongkai.problems import Problems

MAX_NAME_BYTES = 255  # a file or folder name, in UTF-8: ext4, XFS and most servers
MAX_PATH_CHARS = 200  # the path inside site/: Windows refuses 260 in all, and site/ sits in some folder


def check_output_names(docs: tuple[Document, ...], assets: tuple[Asset, ...], problems: Problems) -> None:
    # The names as strings: a county archive's 100,000 paths would take two seconds to make into PurePosixPaths.
    claimed: dict[str, list[tuple[str, int]]] = {}
    for doc in docs:
        line = doc.line("slug") if getattr(doc.meta, "slug", None) else 1
        claimed.setdefault(out_name(document_url(doc)), []).append((doc.label, line))
    for asset in assets:
        claimed.setdefault(out_name(asset_url(asset.src_path)), []).append((f"content/{asset.src_path}", 0))
    folded: dict[str, list[str]] = {}
    for target, holders in sorted(claimed.items(), key=lambda item: item[0].split("/")):  # (as paths sort)
        (label, line), *rest = holders
        if len(holders) > 1:
            problems.error("GK301", label, line or 1, f"{len(holders)} 个文件生成同一个网页 {target}",
                           "修改其中一个文件的文件名或 slug，让网址互不相同", others=tuple((r, n or 1) for r, n in rest))
        folded.setdefault(unicodedata.normalize("NFC", target).casefold(), []).append(target)
        _check_length(target, label, line, problems)
        first = target.split("/", 1)[0]
        if first in GENERATED_FOLDERS:
            problems.error("GK313", label, line, f"网址的第一级“{first}”是生成器自己的文件夹"
                           f"（{GENERATED_FOLDERS[first]}），内容放在这里会与它混在一起或被覆盖",
                           f"把 content/{first} 改为其他名称" if label.startswith(f"content/{first}/")
                           else "换一个文件名或 slug")
    for targets in folded.values():
        if len(targets) > 1:
            first, *rest = [claimed[t][0] for t in targets]
            problems.error("GK312", first[0], first[1], "、".join(targets) + " 只差字母大小写或字符的写法，"
                           "在 Windows、macOS 和 IIS 服务器上是同一个文件，会互相覆盖",
                           "给其中一个改名（网址用小写字母）", others=tuple((label, line) for label, line in rest))


def _check_length(target: str, label: str, line: int, problems: Problems) -> None:
    long = next((part for part in target.split("/") if len(part.encode("utf-8")) > MAX_NAME_BYTES), None)
    if long is not None:
        problems.error("GK314", label, line, f"名称“{long[:20]}…”有 {len(long.encode('utf-8'))} 字节，超过"
                       f" {MAX_NAME_BYTES} 字节的上限（磁盘和服务器不接受；一个汉字占 3 字节）", "把文件名、文件夹名或 slug 改短")
    elif len(target) > MAX_PATH_CHARS:
        problems.error("GK314", label, line, f"网站中的路径 {target} 有 {len(target)} 个字符，超过"
                       f" {MAX_PATH_CHARS} 的上限（复制到 Windows 或 IIS 服务器时放不下）", "把文件名、文件夹名或 slug 改短，或减少文件夹层级")
