"""Pagefind run as a service: asked one thing at a time, warmed up without waiting, killed when the build stops."""

from __future__ import annotations

import pytest

from gongkai.pagefind_service import Indexers, Pagefind, PagefindFailed, Service


def page(text: str) -> str:
    return f'<!DOCTYPE html><html lang="zh-CN"><head><title>{text}</title></head><body><main data-pagefind-body>' \
           f"<h1>{text}</h1><p>{text}的正文</p></main></body></html>"


def test_one_service_indexes_folder_after_folder_after_its_warming_up(tmp_path):
    for name, text in (("a", "政务公开"), ("b", "行政执法")):
        (tmp_path / name / "x").mkdir(parents=True)
        (tmp_path / name / "x/index.html").write_text(page(text), "utf-8")
    service = Service(60)
    try:
        service.warm()
        assert service.owed == {1, 2, 3} and service.reader is None  # nothing read yet: no thread before a fork
        assert service.index(tmp_path / "a", tmp_path / "out-a") == 1
        assert not service.owed  # the warming up's answers were passed over
        assert service.index(tmp_path / "b", tmp_path / "out-b") == 1
    finally:
        service.close()
    assert service.process.poll() == 0
    for name in ("out-a", "out-b"):
        assert (tmp_path / name / "pagefind-entry.json").is_file()
        assert len(list((tmp_path / name / "fragment").iterdir())) == 1


def test_a_refused_request_is_a_failure_and_the_next_folder_gets_a_new_process(tmp_path):
    (tmp_path / "site/x").mkdir(parents=True)
    (tmp_path / "site/x/index.html").write_text(page("政务公开"), "utf-8")
    (tmp_path / "a file").write_text("", "utf-8")
    pagefind = Pagefind(60, 10_000)
    try:
        with pytest.raises(PagefindFailed, match="Not a directory"):  # what it said last, not a note on backtraces
            pagefind.index(tmp_path / "site", tmp_path / "a file/out")
        assert pagefind.service is None
        assert pagefind.index(tmp_path / "site", tmp_path / "out") == 1
    finally:
        pagefind.close()


def test_a_process_makes_way_after_its_share_of_pages(tmp_path):
    (tmp_path / "site/x").mkdir(parents=True)
    (tmp_path / "site/x/index.html").write_text(page("政务公开"), "utf-8")
    pagefind = Pagefind(60, 2)
    first = pagefind.index(tmp_path / "site", tmp_path / "o1") and pagefind.service
    assert first is not None and first.process.poll() is None
    pagefind.index(tmp_path / "site", tmp_path / "o2")
    assert pagefind.service is None and first.process.poll() == 0  # two pages: closed
    pagefind.close()


def test_a_killed_pagefind_is_not_started_again(tmp_path):
    indexers = Indexers(60, 10_000, warm=True)
    pagefind = indexers.take()
    process = pagefind.service.process  # type: ignore[union-attr]
    indexers.stop()
    assert process.wait(5) != 0 and indexers.stopped
    with pytest.raises(PagefindFailed):
        pagefind.index(tmp_path, tmp_path / "out")
    assert pagefind.service is None
    indexers.close()
