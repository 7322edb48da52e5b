"""Read content files from disk: strict decoding, front-matter fences, YAML with line numbers."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

import yaml

from gongkai.invisible import check_text, printable
from gongkai.problems import Problems
from gongkai.unsafe_files import links_leaving, refused_asset

MAX_FILE_BYTES = 5 * 1024 * 1024  # a real article is far smaller; larger ones are mistakes
# libyaml's parser is an order of magnitude faster than PyYAML's own; both keep every value a string.
YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int


@dataclass(frozen=True)
class Seq:
    items: tuple["Node", ...]
    line: int


@dataclass(frozen=True)
class Entry:
    key: str
    line: int
    value: "Node"
    full_width_colon: bool = False  # typed `标题：…`; read as `标题: …`, so that the fix can name the field


@dataclass(frozen=True)
class Map:
    entries: tuple[Entry, ...]
    line: int

    def get(self, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def keys(self) -> list[str]:
        return [e.key for e in self.entries]


Node = Scalar | Seq | Map

KIND_NAMES = {Scalar: "文字", Seq: "列表", Map: "键值表"}


@dataclass(frozen=True)
class RawDocument:
    """A Markdown file split into front-matter (as YAML nodes) and body."""

    src_path: PurePosixPath  # relative to content/
    label: str  # path shown to editors, relative to the project root
    meta: Map
    body: str
    body_line: int  # line number of the first body line
    source: str = ""  # the digest of the file's bytes: what it says, however it was read


@dataclass(frozen=True)
class Asset:
    """A non-Markdown file under content/ (attachment, image), published as it is."""

    src_path: PurePosixPath
    abs_path: Path
    text: str = ""  # a CSV, TXT or DOCX file's text, for the personal-data guard


@dataclass(frozen=True)
class Content:
    documents: tuple[RawDocument, ...]
    assets: tuple[Asset, ...]
    unread: tuple[PurePosixPath, ...] = ()  # Markdown files that could not be read (reported)


# Slips editors make when typing YAML on a Chinese keyboard. The parser reports them a line late or as some
# other construct (a full-width colon makes `title：…` part of the value above), so they are looked for first;
# the fix shows the line as it should be.
SLIPS = (
    (re.compile(r"^( *[A-Za-z_][\w-]*) *： *"), "字段名后面的冒号是中文冒号“：”", "改成英文冒号加一个空格"),
    (re.compile(r"^( *[A-Za-z_][\w-]*):(?=[^ \t/])"), "字段名的冒号后面少了一个空格", "在冒号后加一个空格"),
)
TAB = re.compile(r"^ *\t")
# A Chinese field name and a Chinese colon (标题：…), the way the editor sees it printed: read as if typed with
# the English colon, and the entry flagged, so that validation can say which English name to write.
CHINESE_KEY = re.compile(r"^( *(?:- )?)([\u4e00-\u9fff][\u4e00-\u9fff\w]*) *： *")


def find_slip(text: str) -> tuple[int, str, str] | None:
    """The first line (counted from 0) with a typing slip, what is wrong and how to fix it."""
    for number, line in enumerate(text.split("\n")):
        for pattern, reason, fix in SLIPS:
            found = pattern.match(line)
            if found:
                return number, reason, f"{fix}：{found.group(1)}: {line[found.end():].strip()}"
        if TAB.match(line):
            return number, "行首用了 Tab 键缩进", "把行首的 Tab 换成空格（缩进只能用空格）"
    return None


def parse_yaml(text: str, first_line: int, label: str, problems: Problems) -> Node | None:
    """Parse YAML keeping every value a string and remembering each key's line."""
    repaired: set[int] = set()
    if "：" in text and not _reads_as_map(text):  # a text holding 注意：… is left as it is
        lines = text.split("\n")
        for number, line in enumerate(lines):
            found = CHINESE_KEY.match(line)
            if found:
                lines[number] = f"{found.group(1)}{found.group(2)}: {line[found.end():]}"
                repaired.add(first_line + number)
        text = "\n".join(lines)
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        slip = find_slip(text)
        if slip is not None:
            number, reason, fix = slip
            problems.error("GK105", label, first_line + number, f"格式有误，无法读取（{reason}）", fix)
            return None
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        context = getattr(exc, "context_mark", None)
        if mark is not None and context is not None and mark.line >= text.count("\n"):
            mark = context  # the error surfaced at the end of the text: point at where the construct began
        line = first_line + (mark.line if mark else 0)
        problems.error(
            "GK105", label, line,
            f"格式有误，无法读取（{_yaml_reason(exc)}）",
            "每行写成“字段名: 值”，冒号后加一个空格；列表项以“- ”开头并对齐缩进，例如 title: 关于做好2019年政务公开工作的通知",
        )
        return None
    if root is None:
        return Map((), first_line)
    return _convert(root, first_line, label, problems, frozenset(repaired))


def _reads_as_map(text: str) -> bool:
    try:
        return isinstance(yaml.compose(text, Loader=YAML_LOADER), yaml.MappingNode)
    except yaml.YAMLError:
        return False


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or ""
    words = {
        "mapping values are not allowed here": "这里不能再出现冒号，值里含冒号时请整体加引号",
        "mapping values are not allowed in this context": "这里不能再出现冒号，值里含冒号时请整体加引号",
        "could not find expected ':'": "缺少冒号",
        "found character that cannot start any token": "出现了不能作为开头的字符（如 Tab 或 @），请删除或给值加引号",
        "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请用空格",
        "expected <block end>, but found '-'": "列表缩进不一致",
        "found undefined alias": "引用了不存在的锚点",
    }
    for key, word in words.items():
        if problem.startswith(key):
            return word
    return "缩进、冒号或引号不匹配"


def _convert(node: yaml.Node, first_line: int, label: str, problems: Problems,
             repaired: frozenset[int] = frozenset()) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        entries: list[Entry] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error("GK105", label, key_line, "字段名必须是文字", "写成“字段名: 值”")
                continue
            key = key_node.value
            if key in seen:
                problems.error(
                    "GK108", label, key_line, f"字段“{key}”写了两次（第 {seen[key]} 行已有）",
                    "删掉其中一行，只保留正确的值",
                )
                continue
            seen[key] = key_line
            entries.append(Entry(key, key_line, _convert(value_node, first_line, label, problems, repaired),
                                 key_line in repaired))
        return Map(tuple(entries), line)
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(v, first_line, label, problems, repaired) for v in node.value), line)
    if node.style == '"' and not check_text(node.value, label, line, problems, warn=False):  # "\e", "\u202e"
        return Scalar(printable(node.value), line)
    return Scalar(node.value, line)


def decode(data: bytes, label: str, problems: Problems) -> str | None:
    """Decode UTF-8 strictly; name GBK and binary files instead of publishing mojibake."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.error("GK109", label, line, "文件含有空字符（NUL），不是文本文件",
                       "用文本编辑器另存为 UTF-8 文本，或把二进制文件改为附件扩展名（如 .pdf）")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.warning("GK102", label, 1, "文件开头带有 BOM 标记（记事本常会加上），已自动忽略",
                         "在编辑器中另存为“UTF-8（无 BOM）”")
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            message = "文件是 GBK/GB18030 编码，不是 UTF-8"
        except UnicodeDecodeError:
            message = "文件不是有效的 UTF-8 文本"
        problems.error("GK101", label, line, message,
                       "在编辑器中选择“另存为”，编码选“UTF-8”后保存")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if check_text(text, label, 1, problems) else None


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front-matter opened on line 1."""
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index
    return None


def split_body(text: str) -> tuple[str, int] | None:
    """The body and its first line number, without reading the front-matter (see split_document)."""
    lines = text.split("\n")
    index = front_matter_end(lines) if lines[0].strip() == "---" else None
    return None if index is None else ("\n".join(lines[index + 1:]), index + 2)


def split_document(text: str, label: str, problems: Problems) -> tuple[Map, str, int] | None:
    """Split text into front-matter nodes, body and the body's first line number."""
    if not text.strip():
        problems.error("GK107", label, 1, "文件是空的",
                       "在开头写上 front-matter，例如：---（换行）title: 标题（换行）---；不需要的文件请删除")
        return None
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.error("GK103", label, 1, "文件开头没有 front-matter（第一行应是 ---）",
                       "在文件第一行写 ---，接着写字段（如 title: 标题），再用一行 --- 结束")
        return None
    index = front_matter_end(lines)
    if index is None:
        problems.error("GK104", label, 1, "front-matter 没有结束行 ---",
                       "在最后一个字段之后、正文之前加一行 ---")
        return None
    node = parse_yaml("\n".join(lines[1:index]), 2, label, problems)
    if node is None:
        return None
    slip = None if isinstance(node, Map) else find_slip("\n".join(lines[1:index]))
    if slip is not None:  # `title：…` alone reads as one long text
        number, reason, fix = slip
        problems.error("GK105", label, 2 + number, f"格式有误，无法读取（{reason}）", fix)
        return None
    if not isinstance(node, Map):
        problems.error("GK106", label, 2,
                       f"front-matter 应是“字段名: 值”的形式，这里写成了{KIND_NAMES[type(node)]}",
                       "每行写一个“字段名: 值”，例如 title: 荣县2019年政务公开工作要点；不要以“- ”开头")
        return None
    return node, "\n".join(lines[index + 1:]), index + 2


def read_document(root: Path, abs_path: Path, problems: Problems) -> RawDocument | None:
    rel = PurePosixPath(abs_path.relative_to(root / "content").as_posix())
    label = f"content/{rel}"
    size = abs_path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.error("GK110", label, 0,
                       f"文件太大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）",
                       "把大段数据或扫描件作为附件（PDF 等）上传，正文只保留文字")
        return None
    data = abs_path.read_bytes()
    text = decode(data, label, problems)
    if text is None:
        return None
    parts = split_document(text, label, problems)
    if parts is None:
        return None
    meta, body, body_line = parts
    return RawDocument(rel, label, meta, body, body_line, hashlib.sha256(data).hexdigest())


Reader = Callable[[Path, Path, Problems], "RawDocument | None"]  # read_document, or what stands in for it


def discover(root: Path, problems: Problems, read: Reader = read_document) -> Content:
    """Walk content/ in sorted order; Markdown files become documents (read by `read`), others assets."""
    content = root / "content"
    if not content.is_dir():
        problems.error("GK100", "content", 0, "找不到 content 文件夹", "在项目根目录建立 content 文件夹并放入 Markdown 文件")
        return Content((), ())
    documents: list[RawDocument] = []
    assets: list[Asset] = []
    unread: list[PurePosixPath] = []
    real_root = content.resolve()
    for entry in _walk(str(content), True, real_root, root, problems):
        path = Path(entry.path)
        doc = read(root, path, problems) if entry.name.endswith(".md") else None
        if doc is not None:
            documents.append(doc)
            continue
        rel = PurePosixPath(path.relative_to(content).as_posix())
        if entry.name.endswith(".md"):
            unread.append(rel)
        elif not refused_asset(path, f"content/{rel}", problems):
            assets.append(Asset(rel, path, attachment_text(path)))
    links_leaving(root, "templates", problems)
    links_leaving(root, "content/_data", problems)  # read into published tables
    return Content(tuple(documents), tuple(assets), tuple(unread))


def _walk(folder: str, top: bool, real_root: Path, root: Path, problems: Problems) -> Iterator[os.DirEntry]:
    """The files under content/ to read, as os.walk would list them top down, sorted: a folder's files before
    its subfolders'. One scandir per folder and no stat per file (a county archive has a hundred thousand)."""
    try:
        with os.scandir(folder) as scan:
            entries = [(entry, _kind(entry)) for entry in sorted(scan, key=lambda entry: entry.name)
                       if not entry.name.startswith(".")]
    except OSError:
        return  # (as os.walk: a folder that cannot be listed is passed over)
    folders = []
    for entry, kind in entries:
        if kind != "dir" or (top and entry.name == "_data"):
            continue  # content/_data holds data files (the 索引号 ledger, tables): read, not published
        if entry.is_symlink():
            _check_link(Path(entry.path), real_root, root, problems)
        else:
            folders.append(entry)
    for entry, kind in entries:
        if kind == "dir" or entry.name.endswith("~"):
            continue
        if entry.is_symlink() and not _check_link(Path(entry.path), real_root, root, problems):
            continue
        if kind == "file":
            yield entry
    for entry in folders:
        yield from _walk(entry.path, False, real_root, root, problems)


def _kind(entry: os.DirEntry) -> str:
    """"dir" or "file" (a link: what it leads to), else "" (a broken link, a socket, what cannot be looked at)."""
    try:
        return "dir" if entry.is_dir() else "file" if entry.is_file() else ""
    except OSError:
        return ""


TEXT_ATTACHMENTS = (".csv", ".txt", ".docx")  # read cheaply; a PDF or a scan is not (.txt: linked from a body)
MAX_TEXT_READ = 5 * 1024 * 1024


def attachment_text(path: Path) -> str:
    """The text of a CSV, TXT or DOCX file (UTF-8 or GBK; a Word file's paragraphs and tables), else ""."""
    suffix = path.suffix.lower()
    try:
        if suffix not in TEXT_ATTACHMENTS or path.stat().st_size > MAX_TEXT_READ:
            return ""
        if suffix == ".docx":
            import docx

            document = docx.Document(str(path))
            cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            return "\n".join([p.text for p in document.paragraphs] + cells)
        data = path.read_bytes()
    except Exception:  # noqa: BLE001 - a file Word cannot open is the reader's problem, not a finding
        return ""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


def _check_link(path: Path, real_root: Path, root: Path, problems: Problems) -> bool:
    """Allow a symlink only when it stays inside content/."""
    target = path.resolve()
    if target == real_root or real_root in target.parents:
        return True
    label = path.relative_to(root).as_posix()
    problems.error("GK111", label, 0, "这是指向 content 文件夹以外的链接（快捷方式），不能发布",
                   "把要发布的文件复制到 content 文件夹里，再删除这个链接")
    return False
