"""The render workers, and the garbage collector around them."""

from __future__ import annotations

import gc
import multiprocessing
import os

from gongkai import workers
from gongkai.workers import collection_paused


def test_a_pause_of_the_collector_is_undone_as_it_was_found():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # (a caller that had it off keeps it off)
    finally:
        gc.enable()


def test_a_worker_forked_while_the_collector_is_paused_collects_its_own_garbage():
    with collection_paused():
        context = multiprocessing.get_context("fork")
        with context.Pool(1, initializer=workers._init, initargs=(None, os.getpid())) as pool:
            assert pool.apply(gc.isenabled) is True


def test_a_build_without_a_search_index_cuts_no_search_copy_out_of_its_pages(make_site, monkeypatch):
    """A page's search copy and its digest are for the index (40 µs a page): `--no-search` and the preview
    need neither."""
    from conftest import run_build

    import gongkai.write as write

    cut = []
    real = write.searched
    monkeypatch.setattr(write, "searched", lambda data: cut.append(data) or real(data))
    assert run_build(make_site(), search=False).written
    assert cut == []
    assert run_build(make_site(), search=True).written
    assert any(b"data-pagefind-body" in data for data in cut)


def test_what_the_workers_sent_back_is_left_out_of_collections_until_the_build_ends(make_site, monkeypatch):
    """Hundreds of thousands of objects at 10,000 items, all alive until the build ends: the first collection
    after rendering walked them all (0.07 s), and the one before the index is built again."""
    from conftest import run_build

    import gongkai.pipeline as pipeline

    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)  # the fixture's few pages take the workers' path
    frozen = []
    real = pipeline.render_all

    def render_all(job, progress):
        before = gc.get_freeze_count()
        found = real(job, progress)
        frozen.append((before, gc.get_freeze_count()))
        return found

    monkeypatch.setattr(pipeline, "render_all", render_all)
    assert run_build(make_site()).written
    [(before, after)] = frozen
    assert after > before
    assert gc.get_freeze_count() == 0  # thawed once the build is done
