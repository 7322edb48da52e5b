"""Every internal href and src in the rendered pages resolves to an output file (and anchor)."""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Callable, Container, Iterable
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from gongkai.checks.html import PageScan
from gongkai.documents import Document
from gongkai.problems import Problems
from gongkai.model.urls import INDEX_DIR, file_url

SEARCH_BUNDLE = f"/{INDEX_DIR}/"

LineOf = Callable[[str, list[str]], int]  # (origin, needles) -> line, 0 when not in the editor's text


def body_lines(documents: Iterable[Document]) -> LineOf:
    """Where a link stands in the Markdown body it came from, found in the documents as the build read them
    (not the files, which may have changed since); 0 when the link came from a template."""
    by_label = {doc.label: doc for doc in documents}

    def line_of(origin: str, needles: list[str]) -> int:
        doc = by_label.get(origin)
        for needle in needles if doc is not None else ():
            at = doc.body.find(needle) if needle else -1
            if at >= 0:
                return doc.body_line + doc.body.count("\n", 0, at)
        return 0

    return line_of


_UNSAFE = re.compile(r"[\t\r\n]")  # urlsplit removes these; leave such links to it
OUTSIDE = "\0outside"  # the target of a root-relative link that leaves the site's base path


class Meaning(NamedTuple):
    """What a link says, whatever page it is on."""

    kind: str  # "external", "skip" (another scheme, or the site's own address), "self", "fixed" or "relative"
    link: str = ""  # as written, interned
    fragment: str = ""
    target_url: str = ""  # "fixed": the site path, or OUTSIDE
    ups: int | None = None  # "relative": what _join_parts needs
    rest: str = ""
    target: str = ""


Parsed = dict[str, Meaning]  # link -> what it says


def resolve_links(url: str, scan: PageScan, base_url: str, parsed: Parsed | None = None) -> None:
    """Work out where each link of a page leads, as site paths (render workers do this, in parallel):
    scan.targets gets (link, target path or OUTSIDE, fragment) for internal links, scan.external the rest.
    Most links are the same on many pages: `parsed` remembers what each one says across pages."""
    parsed = {} if parsed is None else parsed
    base_path = urlsplit(base_url).path or "/"
    here = url
    if scan.base is not None:  # 404.html sets <base> to the site root
        here = "/" + scan.base[len(base_path):] if scan.base.startswith(base_path) else "/"
    folder = here if here.endswith("/") else posixpath.dirname(here) + "/"
    folders = folder.split("/")[1:-1]
    targets, external = [], []
    for link in scan.links:
        found = parsed.get(link)
        if found is None:  # interned: most links are the same navigation on every page, kept once in memory
            found = parsed[link] = _parse(sys.intern(link), base_url, base_path)
        kind = found.kind
        if kind == "external":
            external.append(found.link)
        if kind in ("external", "skip"):
            continue
        if kind == "self":
            target_url = url
        elif kind == "fixed":
            target_url = found.target_url
        else:
            target_url = sys.intern(_join_parts(folder, folders, found.ups, found.rest, found.target))
        if not target_url.startswith(SEARCH_BUNDLE):  # written by the search indexer; build_index checks it
            targets.append((found.link, target_url, found.fragment))
    scan.targets, scan.external = targets, external


def _parse(link: str, base_url: str, base_path: str) -> Meaning:
    if ":" in link or link.startswith("//") or _UNSAFE.search(link):
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            if parts.scheme in ("http", "https") and not link.startswith(base_url):
                return Meaning("external", link)
            return Meaning("skip")
        path, fragment = parts.path, parts.fragment
    else:  # what urlsplit gives for a link with no scheme or host, without its cost
        path, _, fragment = link.partition("#")
        path = path.partition("?")[0]
    target = unquote(path) if "%" in path else path
    fragment = unquote(fragment) if "%" in fragment else fragment
    if not target:
        return Meaning("self", link, fragment)
    if target.startswith("/"):
        inside = target.startswith(base_path)
        return Meaning("fixed", link, fragment, sys.intern("/" + target[len(base_path):]) if inside else OUTSIDE)
    ups, rest = _split_up(target)
    return Meaning("relative", link, fragment, ups=ups, rest=rest, target=target)


def check_links(scans: dict[str, PageScan], files: Container[str], base_url: str, line_of: LineOf,
                problems: Problems, scan_of: Callable[[str], PageScan | None] | None = None,
                allows: Callable[[str], bool] | None = None, commercial: Callable[[str], bool] | None = None) -> list[str]:
    """Report internal links in `scans` that lead to none of `files` ("/path" of every output), or to a
    missing anchor of the page `scan_of` finds, and external links to a host `allows` does not; return the
    external links found (never fetched)."""
    base_path = urlsplit(base_url).path or "/"
    scan_of = scan_of or scans.get
    external: set[str] = set()
    found: dict[str, str | None] = {}  # target -> the file it is; most targets are on every page
    parsed: Parsed = {}
    from_templates: dict[tuple[str, str, str], list[str]] = {}  # (code, what, hint) -> the pages it is on

    def report(code: str, origin: str, needles: list[str], url: str, of: str, what: str, hint: str) -> None:
        """`what` is wrong on page `url` ("页面 {url}{of}{what}"); warnings only for a site beyond those allowed."""
        line = line_of(origin, needles)
        if line or not origin.endswith(".md"):
            _tell(problems, code, origin, line, f"页面 {url} {of}{what}", hint)
        else:  # not in the editor's file: a template put it on every page it renders, told once
            from_templates.setdefault((code, what, hint), []).append(url)

    hosts: dict[str, bool] = {}

    shops: dict[str, bool] = {}  # most external links are the same few on every page (the footer's)
    split: dict[str, str] = {}
    for url, scan in scans.items():
        if scan.targets is None:
            resolve_links(url, scan, base_url, parsed)
        external.update(scan.external)
        for link in scan.external if allows is not None else ():
            host = split.get(link)
            if host is None:
                host = split[link] = urlsplit(link).hostname or ""
            if host not in shops:
                shops[host] = commercial is not None and bool(host) and commercial(host)
            if shops[host]:
                report("GK509", scan.origin, [f'"{link}"', link], url, "", f"链接到商业或广告网站 {host}（{link}）",
                       "删去这个链接：政府网站不得链接商业广告和网店（国办发〔2017〕47号）")
                continue
            if host not in hosts:
                hosts[host] = not host or allows(host)
            if not hosts[host]:
                report("GK507", scan.origin, [f'"{link}"', link], url, "", f"链接到站外网站 {host}（{link}）",
                       f"确认该网站可信、内容合规后，在 site.yml 的 external_hosts 中登记 {host}；"
                       "政府网站（*.gov.cn）不必登记")
        for link, target_url, fragment in scan.targets:
            if target_url is OUTSIDE:
                report("GK504", scan.origin, [f'"{link}"', link], url, "的", f"链接“{link}”不在网站地址 {base_path} 之下",
                       "站内链接写成相对路径，例如 [政务动态](../news/_index.md)；模板中用 |rel 过滤器")
                continue
            if target_url not in found:
                found[target_url] = _resolve(target_url, files)
            resolved = found[target_url]
            if resolved is None:
                report("GK505", scan.origin, [f'"{link}"', link], url, "中的", f"链接“{link}”指向不存在的文件",
                       "改正链接，或补上被链接的文件")
                continue
            if fragment and resolved.endswith(".html"):
                target_scan = scan_of(file_url(resolved))
                if target_scan is not None and fragment not in target_scan.ids:
                    report("GK506", scan.origin, ["#" + fragment], url, "中的",
                           f"链接“{link}”指向的位置（#{fragment}）不存在", "核对 # 后面的标题锚点是否与目标页面的标题一致")
    for (code, what, hint), urls in sorted(from_templates.items()):
        pages = f" {len(urls)} 个页面，如 {min(urls)}" if len(urls) > 1 else f"页面 {urls[0]}"
        _tell(problems, code, "templates", 0, f"模板生成的{what}（出现在{pages}）",
              f"{hint}（链接不在内容文件中，在 templates 的模板里）")
    return sorted(external)


def _tell(problems: Problems, code: str, origin: str, line: int, message: str, hint: str) -> None:
    """A dead link is an error; a link to a site not allowed (GK507) a warning, since it may be fine."""
    if code == "GK507":
        problems.warning(code, origin, line, message, hint, rule="external-host")
    else:
        problems.error(code, origin, line, message, hint)


def _join(folder: str, target: str) -> str:
    """posixpath.normpath(posixpath.join(folder, target)), keeping a trailing slash; folder ends in "/"."""
    return _join_parts(folder, folder.split("/")[1:-1], *_split_up(target), target)


def _split_up(target: str) -> tuple[int | None, str]:
    """How many folders a relative link goes up, and the rest: our pages' links are all "../../a/b" or "a/b".
    None for any other."""
    rest = target.lstrip("./") if target.startswith("../") else target
    ups = (len(target) - len(rest)) // 3
    plain = (target and target[0] != "/" and target[:len(target) - len(rest)] == "../" * ups
             and "./" not in rest and "//" not in rest and not rest.endswith("."))
    return (ups if plain else None), rest


def _join_parts(folder: str, folders: list[str], ups: int | None, rest: str, target: str) -> str:
    if ups is None or ups > len(folders):
        return _normjoin(folder, target)
    kept = folders[:len(folders) - ups]  # a plain link needs only the folder's parts
    return "/" + "/".join(kept + [rest]) if kept else "/" + rest


def _normjoin(folder: str, target: str) -> str:
    joined = posixpath.normpath(posixpath.join(folder, target))
    return joined + "/" if target.endswith("/") and not joined.endswith("/") else joined


def _resolve(target_url: str, files: Container[str]) -> str | None:
    if target_url.startswith("/.."):
        return None
    if target_url in files:
        return target_url
    candidate = target_url.rstrip("/") + "/index.html"
    if candidate in files:
        return candidate
    return None
