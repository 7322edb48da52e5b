"""Portal pages drawn from site data rather than one folder: the 政务新媒体 registry (with a home-page block)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from markupsafe import Markup

from gongkai.documents import KIND_LABELS
from gongkai.model.urls import MEDIA, asset_url, out_path
from gongkai.render.views import Link, Output, PageView


@dataclass(frozen=True)
class MediaView:
    platform: str
    name: str
    owner: str
    opened: date
    status: str
    qr: str  # the picture's URL, "" without one
    updated: date | None
    closed: date | None
    note: str


def media_views(site) -> tuple[MediaView, ...]:
    """Accounts in operation first (by platform as registered), then the closed ones, newest closure first."""
    views = [MediaView(a.platform, a.name, a.owner.name, a.opened, a.status,
                       asset_url(PurePosixPath(a.qr.strip("/"))) if a.qr else "", a.updated, a.closed, a.note)
             for a in site.data.media]
    running = [v for v in views if v.status == "运营"]
    closed = sorted((v for v in views if v.status != "运营"), key=lambda v: v.closed or v.opened, reverse=True)
    return tuple(running + closed)


def media_page(renderer) -> list[Output]:
    views = media_views(renderer.site)
    if not views:
        return []
    page = PageView(title="政务新媒体", url=MEDIA, kind="media", kind_label=KIND_LABELS["media"],
                    breadcrumbs=(Link("首页", "/"), Link("政务新媒体", MEDIA)),
                    description="本县政务微信公众号、微博和短视频账号的名录、二维码和运营状态", keywords=("政务新媒体",),
                    content=Markup(""), toc=(), meta=None, column=Link("政务新媒体", MEDIA), organ="", source="",
                    published=None, superseded_by=None, is_list=True, detail=views,
                    search_filters=(("类型", KIND_LABELS["media"]),))
    html = renderer.render_template(["media.html"], {"page": page, "section": None}, "content/_data/media.yml")
    return [] if html is None else [Output(out_path(MEDIA), "content/_data/media.yml", "media", data=html.encode())]
