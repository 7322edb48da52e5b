"""Every internal href and src in the rendered pages resolves to an output file (and anchor)."""

from __future__ import annotations

import functools
import posixpath
import re
import sys
from collections.abc import Callable, Container, Iterable
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from gongkai.checks.html import PageScan, Targets
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


def resolve_links(url: str, scan: PageScan, base_url: str, parsed: Parsed | None = None,
                  resolved: dict | None = None) -> None:
    """Work out where each link of a page leads, as site paths (render workers do this, in parallel):
    scan.targets gets a run of (link, target path or OUTSIDE, fragment) for the internal links of each of its
    stretches (scan.runs), scan.external the rest. Most links are the same navigation on many pages: `parsed`
    remembers what each one says, `resolved` where each shared stretch's links lead from where a page stands."""
    parsed = {} if parsed is None else parsed
    resolved = {} if resolved is None else resolved
    base_path = _base_path(base_url)
    here = url
    if scan.base is not None:  # 404.html sets <base> to the site root
        here = "/" + scan.base[len(base_path):] if scan.base.startswith(base_path) else "/"
    folder = here if here.endswith("/") else posixpath.dirname(here) + "/"
    folders = folder.split("/")[1:-1]
    targets: list[Targets] = []
    external: list[str] = []
    runs = scan.runs or [tuple(scan.links)]
    for number, links in enumerate(runs):
        if number == 0:  # the page's own
            found = _lead([_meaning(link, parsed, base_url, base_path) for link in links], folder, folders)
        else:
            found = _shared_run(links, folder, folders, resolved, parsed, base_url, base_path)
        if found[0]:
            targets.append(found[0])
        external += found[1]
        if found[2]:  # links to the page itself: where it stands
            targets.append(tuple((link, url, fragment) for link, fragment in found[2]))
    scan.targets, scan.external = targets, external


@functools.lru_cache(maxsize=8)
def _base_path(base_url: str) -> str:
    return urlsplit(base_url).path or "/"


RUNS_KEPT = 512  # distinct shared stretches whose links resolve_links remembers
Led = tuple[Targets, tuple[str, ...], tuple[tuple[str, str], ...]]  # targets, external links, anchors on the page


def _shared_run(links: tuple[str, ...], folder: str, folders: list[str], resolved: dict, parsed: Parsed,
                base_url: str, base_path: str) -> Led:
    """Where a stretch many pages share leads from this page, worked out once for all pages that stand alike."""
    run = resolved.get(id(links))
    if run is None or run.links is not links:
        if len(resolved) >= RUNS_KEPT:  # a template that gives each page its own header gets no use of it
            resolved.clear()
        run = resolved[id(links)] = _Run(links, [_meaning(link, parsed, base_url, base_path) for link in links])
    reach = run.reach(len(folders))
    key = tuple(folders[:len(folders) - reach]) if reach is not None else folder
    found = run.led.get(key)
    if found is None:
        found = run.led[key] = _lead(run.meanings, folder, folders)
    return found


class _Run:
    """A stretch's links, what each says, and where they lead from each place a page with it stands."""

    def __init__(self, links: tuple[str, ...], meanings: list[Meaning]):
        self.links, self.meanings = links, meanings  # (links is held: its id is the key)
        ups = [m.ups for m in meanings if m.kind == "relative"]
        self.relative = bool(ups)
        self.least = None if None in ups else min(ups, default=0)
        self.most = max((u for u in ups if u is not None), default=0)
        self.led: dict[tuple | str, Led] = {}

    def reach(self, depth: int) -> int | None:
        """How many of a page's `depth` folders its relative links climb, at least: pages whose folders agree
        but for that many last ones see them lead to the same places (and are as deep). None: a link that is
        not plain, or climbs past the root, makes each page's own folder decide."""
        if not self.relative:
            return depth  # nothing depends on the folder
        return None if self.least is None or self.most > depth else self.least


def _meaning(link: str, parsed: Parsed, base_url: str, base_path: str) -> Meaning:
    found = parsed.get(link)
    if found is None:  # interned: most links are the same navigation on every page, kept once in memory
        found = parsed[link] = _parse(sys.intern(link), base_url, base_path)
    return found


def _lead(meanings: list[Meaning], folder: str, folders: list[str]) -> Led:
    """Where a run of links leads from `folder`: its internal targets, its external links, and the anchors of
    its links to the page itself (told apart: those lead wherever the page is)."""
    targets, external, itself = [], [], []
    for found in meanings:
        kind = found.kind
        if kind == "external":
            external.append(found.link)
        if kind in ("external", "skip"):
            continue
        if kind == "self":
            itself.append((found.link, found.fragment))
            continue
        if kind == "fixed":
            target_url = found.target_url
        else:
            target_url = sys.intern(_join_parts(folder, folders, found.ups, found.rest, found.target))
        if not target_url.startswith(SEARCH_BUNDLE):  # written by the search indexer; build_index checks it
            targets.append((found.link, target_url, found.fragment))
    return tuple(targets), tuple(external), tuple(itself)


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
    told = [0]  # problems reported so far

    def report(code: str, origin: str, needles: list[str], url: str, of: str, what: str, hint: str) -> None:
        """`what` is wrong on page `url` ("页面 {url}{of}{what}"); warnings only for a site beyond those allowed."""
        told[0] += 1
        line = line_of(origin, needles)
        if line or not origin.endswith(".md"):
            _tell(problems, code, origin, line, f"页面 {url} {of}{what}", hint)
        else:  # not in the editor's file: a template put it on every page it renders, told once
            from_templates.setdefault((code, what, hint), []).append(url)

    hosts: dict[str, bool] = {}

    shops: dict[str, bool] = {}  # most external links are the same few on every page (the footer's)
    split: dict[str, str] = {}
    resolved: dict = {}
    sound: set[int] = set()  # runs of targets found sound: sound on every page that has them (kept alive by it)
    for url, scan in scans.items():
        if scan.targets is None:
            resolve_links(url, scan, base_url, parsed, resolved)
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
        for run in scan.targets:
            if id(run) in sound:
                continue
            before = told[0]
            for link, target_url, fragment in run:
                if target_url is OUTSIDE:
                    report("GK504", scan.origin, [f'"{link}"', link], url, "的", f"链接“{link}”不在网站地址 {base_path} 之下",
                           "站内链接写成相对路径，例如 [政务动态](../news/_index.md)；模板中用 |rel 过滤器")
                    continue
                if target_url not in found:
                    found[target_url] = _resolve(target_url, files)
                file = found[target_url]
                if file is None:
                    report("GK505", scan.origin, [f'"{link}"', link], url, "中的", f"链接“{link}”指向不存在的文件",
                           "改正链接，或补上被链接的文件")
                    continue
                if fragment and file.endswith(".html"):
                    target_scan = scan_of(file_url(file))
                    if target_scan is not None and fragment not in target_scan.ids:
                        report("GK506", scan.origin, ["#" + fragment], url, "中的",
                               f"链接“{link}”指向的位置（#{fragment}）不存在", "核对 # 后面的标题锚点是否与目标页面的标题一致")
            if told[0] == before:
                sound.add(id(run))
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
