"""One parse of every rendered page, shared by the output checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePosixPath

from gongkai.render.views import Output

_LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src",
               "form": "action", "area": "href"}


@dataclass
class PageScan:
    output: Output
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    base: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    footer_text: str = ""
    footer_links: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, scan: PageScan):
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.in_footer = 0

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        scan = self.scan
        if values.get("id"):
            scan.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            scan.ids.add(values["name"])
        if tag == "base" and values.get("href"):
            scan.base = values["href"]
        if tag == "meta" and "name" in values:
            scan.meta[values["name"]] = values.get("content", "")
        if tag == "footer":
            self.in_footer += 1
        attr = _LINK_ATTRS.get(tag)
        if attr and values.get(attr):
            scan.links.append(values[attr])
            if self.in_footer:
                scan.footer_links.append(values[attr])
        if self.in_footer and tag == "img":
            scan.footer_text += values.get("alt", "")

    def handle_endtag(self, tag):
        if tag == "footer" and self.in_footer:
            self.in_footer -= 1

    def handle_data(self, data):
        if self.in_footer:
            self.scan.footer_text += data


def page_url(path: PurePosixPath) -> str:
    text = "/" + path.as_posix()
    return text[: -len("index.html")] if text.endswith("/index.html") else text


def scan_outputs(outputs: list[Output]) -> dict[str, PageScan]:
    """Parse every HTML output once; keyed by the page's site-relative URL."""
    scans = {}
    for output in outputs:
        if output.data is not None and output.out_path.suffix == ".html":
            scan = PageScan(output)
            _Parser(scan).feed(output.data.decode("utf-8"))
            scans[page_url(output.out_path)] = scan
    return scans
