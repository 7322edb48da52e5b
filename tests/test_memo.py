"""The memo of the whole model: kept by a process of its own, and found by the next build."""

from __future__ import annotations

import gc
import os

import gongkai.memo
import gongkai.pipeline
from conftest import run_build
from test_incremental import edit, tree


def test_the_model_is_pickled_by_a_forked_process_and_kept_before_the_build_returns(make_site, tmp_path,
                                                                                   monkeypatch):
    savers = tmp_path / "savers"
    save = gongkai.memo.save_model

    def slow_save(folder, key, model):  # slow enough that a build not waiting for it would miss it
        with open(savers, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        os.sched_yield()
        save(folder, key, model)

    monkeypatch.setattr(gongkai.memo, "workers", lambda: 2)  # as on any machine with a core to spare
    monkeypatch.setattr(gongkai.memo, "save_model", slow_save)
    root = make_site()
    assert run_build(root).written
    assert savers.read_text().split() != [str(os.getpid())] and len(savers.read_text().split()) == 1
    assert gc.get_freeze_count() == 0  # the model frozen for the build is collectable again

    reads = []
    discover = gongkai.pipeline.discover
    monkeypatch.setattr(gongkai.pipeline, "discover", lambda *a: reads.append(1) or discover(*a))
    edit(root / "templates/single.html", "发布日期：", "发布时间：")
    assert run_build(root).written and not reads  # the template edit started from the kept model
    cold = run_build(root, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site") == tree(tmp_path / "cold")


def test_without_a_core_to_spare_the_build_keeps_its_model_itself(make_site, tmp_path, monkeypatch):
    savers = []
    save = gongkai.memo.save_model
    monkeypatch.setattr(gongkai.memo, "workers", lambda: 1)
    monkeypatch.setattr(gongkai.memo, "save_model", lambda *a: savers.append(os.getpid()) or save(*a))
    root = make_site()
    assert run_build(root).written and savers == [os.getpid()]
