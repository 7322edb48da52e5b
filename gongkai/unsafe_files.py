"""Files that would run on the government's domain if published as they are: web pages and scripts placed
beside the content (they bypass the sanitiser and the pages' Content-Security-Policy), SVG pictures carrying
scripts or outside references, and links (快捷方式) that lead out of the project."""

from __future__ import annotations

import os
import re
from pathlib import Path

from gongkai.problems import Problems

# Served as pages or run by a browser or a web server; .svg is looked into instead.
ACTIVE = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".swf", ".php",
          ".asp", ".aspx", ".jsp", ".cgi", ".htaccess"}
SVG = {".svg", ".svgz"}
SVG_DANGERS = (
    (re.compile(r"<\s*(?:\w+:)?script\b", re.I), "脚本（<script>）"),
    (re.compile(r"<\s*(?:\w+:)?(?:foreignObject|iframe|embed|object|handler|listener)\b", re.I),
     "嵌入的网页或程序（<foreignObject>、<iframe> 等）"),
    (re.compile(r"[\s\"'/]on[a-z]+\s*=", re.I), "事件属性（onload= 等）"),
    (re.compile(r"(?:java|vb)script\s*:|data\s*:\s*text/html", re.I), "脚本链接（javascript: 等）"),
    (re.compile(r"<!\s*(?:ENTITY|DOCTYPE[^>]*\[)", re.I), "实体定义（<!ENTITY>）"),
    (re.compile(r"href\s*=\s*[\"']?\s*(?!#)[^\s\"'>]", re.I), "对外部文件的引用（href=）"),
    (re.compile(r"url\(\s*[\"']?\s*(?!#)[^)\s\"']", re.I), "对外部文件的引用（url(…)）"),
    (re.compile(r"@import", re.I), "样式表导入（@import）"),
)


def svg_dangers(data: bytes) -> list[str]:
    """What in an SVG picture would run or fetch something when it is opened on its own address."""
    if data[:2] == b"\x1f\x8b":
        return ["压缩的 SVG（.svgz），无法检查"]
    text = data.decode("utf-8", errors="replace")
    text = re.sub(r"&#x?([0-9a-f]+);?", lambda m: _char(m.group(0)), text, flags=re.I)  # &#106;avascript:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return [label for pattern, label in SVG_DANGERS if pattern.search(text)]


def _char(reference: str) -> str:
    digits = reference.strip("&#;")
    try:
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        return chr(code)
    except (ValueError, OverflowError):
        return reference


def refused_asset(path: Path, label: str, problems: Problems) -> bool:
    """Report a file under content/ that must not be published as it is; True when it was refused."""
    suffix = path.suffix.lower() if path.suffix else path.name.lower() if path.name.startswith(".") else ""
    if suffix in ACTIVE:
        problems.error("GK112", label, 0, f"{suffix} 文件会被浏览器当作网页或程序运行，不能放在 content 里发布"
                       "（它绕过了内容检查和网页的安全策略）",
                       "要发布的内容写成 Markdown 页面；要提供下载，请转成 PDF 或压缩成 .zip")
        return True
    if suffix in SVG:
        dangers = svg_dangers(path.read_bytes())
        if dangers:
            problems.error("GK113", label, 0, "SVG 图片含有" + "、".join(dangers) + "，在政府网站的网址下打开时会运行或去取外部内容",
                           "用绘图软件把它导出为 PNG，或删去这些内容后再放入（SVG 只能含图形本身）")
            return True
    return False


def links_leaving(root: Path, folder: str, problems: Problems) -> None:
    """Every link (快捷方式) under root/folder that leads out of the project is an error: the theme's files are
    published, and a template could include any file of the computer."""
    top = root / folder
    real_root = root.resolve()
    if not top.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames + filenames):
            path = here / name
            if path.is_symlink():
                target = path.resolve()
                if target != real_root and real_root not in target.parents:
                    problems.error("GK114", path.relative_to(root).as_posix(), 0,
                                   f"这是指向项目以外的链接（快捷方式），不能用在 {folder} 文件夹里",
                                   f"把需要的文件复制到 {folder} 文件夹里，再删除这个链接")
        dirnames[:] = sorted(d for d in dirnames if not (here / d).is_symlink())
