"""The 编辑后台's local backend for `serve`: Decap CMS's proxy protocol over the project folder. It reads and writes
Markdown files and their attachments inside content/ and nothing else (never content/_data, whose ledger only the
server writes, when it gives a new 主动公开 item its 索引号), and answers this computer alone."""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
from datetime import date
from pathlib import Path

from gongkai.config_file import load_config
from gongkai.problems import Problems
from gongkai.scaffold import LEDGER, next_serial
from gongkai.validate import FOLDER_KINDS

PATH = "/admin/api/v1"
NUMBERED_KINDS = ("item", "policy", "interpretation")  # kinds that carry a 索引号
KIND_LINE = re.compile(r"^kind:\s*['\"]?([a-z_]+)", re.M)


class Refused(Exception):
    """A request the backend does not carry out; its message is shown to the editor."""


def handle(root: Path, body: bytes, today: date) -> tuple[int, object]:
    """One request of the protocol: (HTTP status, JSON answer)."""
    try:
        request = json.loads(body.decode("utf-8"))
        action, params = request["action"], request.get("params") or {}
        answer = ACTIONS[action](root, params, today)
    except Refused as refused:
        return 403, {"error": str(refused)}
    except (KeyError, TypeError, ValueError, UnicodeDecodeError, json.JSONDecodeError):
        return 422, {"error": "请求格式不对"}
    return 200, answer


def inside(root: Path, rel: object, writing: bool = False) -> Path:
    """The file a repository path names, refused unless it stays inside content/ (and, to write, outside _data)."""
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel or rel.startswith("/"):
        raise Refused(f"不允许的路径：{rel!r}")
    norm = posixpath.normpath(rel)
    if norm.split("/")[0] != "content" or ".." in norm.split("/") or (writing and norm.startswith("content/_data")):
        raise Refused(f"编辑后台只能读写 content/ 中的文件：{rel}")
    content = (root / "content").resolve()
    target = (root / norm).resolve()
    if target != content and content not in target.parents:
        raise Refused(f"路径离开了 content/：{rel}")
    return root / norm


def _entry(root: Path, rel: str, label: str | None = None) -> dict:
    path = inside(root, rel)
    data = path.read_bytes() if path.is_file() else None
    return {"data": data.decode("utf-8", "replace") if data is not None else None,
            "file": {"path": rel, "label": label, "id": hashlib.sha256(data).hexdigest() if data is not None else None}}


def _media(root: Path, rel: str) -> dict:
    data = inside(root, rel).read_bytes()
    return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64", "path": rel, "name": posixpath.basename(rel)}


def _listed(root: Path, folder: str, extension: str, depth: int) -> list[str]:
    base = inside(root, folder)
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel.count("/") - folder.rstrip("/").count("/") <= depth and rel.endswith(extension):
            found.append(rel)
    return found


def entries_by_folder(root: Path, params: dict, today: date) -> list[dict]:
    """A collection's entries: its folder's Markdown files of its own kind (not the folder's _index.md, which is the
    column's description, nor a file another kind's `kind:` claims)."""
    folder = params["folder"].rstrip("/")
    want = _folder_kind(root, inside(root, folder))
    out = []
    for rel in _listed(root, folder, "." + params.get("extension", "md").lstrip("."), int(params.get("depth", 1))):
        if rel.endswith("/_index.md"):
            continue
        text = inside(root, rel).read_text("utf-8", errors="replace")
        own = KIND_LINE.search(text.split("\n---", 1)[0])
        if own is None or own.group(1) == want:
            out.append(_entry(root, rel))
    return out


def persist_entry(root: Path, params: dict, today: date) -> dict:
    files = params.get("dataFiles") or [params["entry"]]
    writes = [(inside(root, f["path"], writing=True), f["raw"]) for f in files]
    if any(path.suffix != ".md" for path, _ in writes):
        raise Refused("条目只能是 Markdown 文件")
    assets = _assets(root, params.get("assets", []))  # every path checked before anything is written
    for path, raw in writes:
        raw = numbered(root, path, raw, today)
        if not path.exists():
            raw = named(path, raw)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(raw, "utf-8")
    _write(assets)
    return {"message": "已保存"}


def named(path: Path, raw: str) -> str:
    """A new page's 网址名 suggested from its title's pinyin initials (县政府召开推进会 → xzfzktjh), as editors
    name URLs by hand; unique in its folder, and left alone when the form gave one. The editor may change it."""
    from pypinyin import Style, lazy_pinyin

    head, sep, body = raw[3:].partition("\n---") if raw.startswith("---") else ("", "", "")
    title = re.search(r"^title:[ \t]*['\"]?([^'\"\n]+)", head, re.M)
    if not sep or title is None or re.search(r"^slug:[ \t]*['\"]?[a-z0-9]", head, re.M):
        return raw
    letters = "".join(lazy_pinyin(title.group(1), style=Style.FIRST_LETTER, errors=lambda s: list(s)))
    base = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")[:40].strip("-")
    if not base:
        return raw
    taken = {p.stem for p in path.parent.glob("*.md")} | {
        m.group(1) for p in path.parent.glob("*.md")
        for m in [re.search(r"^slug:[ \t]*['\"]?([a-z0-9_-]+)", p.read_text("utf-8", errors="replace"), re.M)] if m}
    slug = next(f"{base}-{n}" if n else base for n in range(1000) if (f"{base}-{n}" if n else base) not in taken)
    head = re.sub(r"^slug:.*\n?", "", head, flags=re.M)
    head = re.sub(r"^(title:.*)$", lambda m: m.group(1) + f"\nslug: {slug}", head, count=1, flags=re.M)
    return "---" + head + sep + body


def persist_media(root: Path, params: dict, today: date) -> dict:
    _write(_assets(root, [params["asset"]]))
    return _media(root, params["asset"]["path"])


def _assets(root: Path, assets: list) -> list[tuple[Path, bytes]]:
    out = [(inside(root, a["path"], writing=True), base64.b64decode(a["content"]) if a.get("encoding") == "base64"
            else a["content"].encode("utf-8")) for a in assets]
    if any(path.suffix == ".md" for path, _ in out):
        raise Refused("附件不能是 Markdown 文件")
    return out


def _write(assets: list[tuple[Path, bytes]]) -> None:
    for path, data in assets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def numbered(root: Path, path: Path, raw: str, today: date) -> str:
    """A 主动公开 item saved without its 索引号 gets the next one from the ledger, as `new` would give it."""
    config = load_config(root, Problems())
    if config is None or not raw.startswith("---"):
        return raw
    head, sep, body = raw[3:].partition("\n---")
    own = KIND_LINE.search(head)
    kind = own.group(1) if own else _folder_kind(root, path.parent)
    current = re.search(r"^index_no:[ \t]*['\"]?([^'\"\n]*)", head, re.M)
    if kind not in NUMBERED_KINDS or (current and current.group(1).strip()):
        return raw
    organ_line = re.search(r"^organ:[ \t]*['\"]?([^'\"\n]+)", head, re.M)
    organ = config.organ(organ_line.group(1).strip()) if organ_line else None
    if organ is None:
        return raw  # the build names the missing organ; a number needs it
    year = re.search(r"^published:[ \t]*['\"]?(\d{4})", head, re.M)
    serial, ledger = next_serial(root, organ.code, int(year.group(1)) if year else today.year)
    number = f"index_no: {organ.code}/{int(year.group(1)) if year else today.year}-{serial:05d}"
    head = re.sub(r"^index_no:.*$", number, head, flags=re.M) if current else head.rstrip("\n") + "\n" + number
    (root / LEDGER).write_text(ledger, "utf-8")
    return "---" + head + sep + body


def assign(root: Path, today: date) -> list[Path]:
    """Give every 主动公开 item saved without a 索引号 (through the CMS on the Git server, where no `serve` ran) the
    next one from the ledger: the `assign` step of CI or of a pre-commit hook. The files it numbered."""
    done = []
    for path in sorted((root / "content").rglob("*.md")):
        raw = path.read_text("utf-8", errors="replace")
        if path.name != "_index.md" and not path.relative_to(root / "content").parts[0].startswith("_"):
            new = numbered(root, path, raw, today)
            if new != raw:
                path.write_text(new, "utf-8")
                done.append(path)
    return done


def _folder_kind(root: Path, folder: Path) -> str | None:
    """The kind a folder's files are unless they say otherwise, as the build decides it (validate.py)."""
    config = load_config(root, Problems())
    index = folder / "_index.md"
    declared = KIND_LINE.search(index.read_text("utf-8", errors="replace").split("\n---", 1)[0]) if index.is_file() else None
    if declared and declared.group(1) in FOLDER_KINDS:
        return FOLDER_KINDS[declared.group(1)]
    return config.kind_for(folder.relative_to(root / "content").as_posix().strip(".")) if config else None


def _delete(root: Path, paths: list) -> dict:
    targets = [inside(root, p, writing=True) for p in paths]
    for target in targets:
        if target.is_file():
            target.unlink()
    return {"message": "已删除"}


ACTIONS = {
    "info": lambda root, p, t: {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"},
    "entriesByFolder": entries_by_folder,
    "entriesByFiles": lambda root, p, t: [_entry(root, f["path"], f.get("label")) for f in p["files"]],
    "getEntry": lambda root, p, t: _entry(root, p["path"]),
    "persistEntry": persist_entry,
    "getMedia": lambda root, p, t: [_media(root, rel) for rel in _listed(root, p["mediaFolder"], "", 1)
                                    if not rel.endswith(".md")],
    "getMediaFile": lambda root, p, t: _media(root, p["path"]),
    "persistMedia": persist_media,
    "deleteFile": lambda root, p, t: _delete(root, [p["path"]]),
    "deleteFiles": lambda root, p, t: _delete(root, p["paths"]),
    "getDeployPreview": lambda root, p, t: None,
}
