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
