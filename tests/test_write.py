"""Writing: outputs staged beside the output folder, refused when they collide or escape, swapped in whole."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath

from gongkai.problems import Problems
from gongkai.render.views import Output
from gongkai.write import check_paths, io_error, new_staging, recover, stage, swap


def page(path: str, origin: str = "content/a.md", data: bytes = b"<p>x</p>") -> Output:
    return Output(PurePosixPath(path), origin, "page", data=data)


def test_two_outputs_at_one_path_and_paths_that_leave_the_site_are_refused():
    problems = Problems()
    check_paths([page("a/index.html"), page("a/index.html", "content/b.md"), page("../x.html"),
                 page("/etc/passwd")], problems)
    assert [(p.code, p.path) for p in problems.items] == [
        ("GK501", "content/a.md"), ("GK502", "content/a.md"), ("GK502", "content/a.md")]
    assert problems.items[0].others == (("content/b.md", 0),)


def test_a_swap_puts_the_staged_site_in_place_and_the_old_one_goes(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old", "utf-8")
    problems = Problems()
    staging = stage([page("index.html"), page("news/a/index.html")], out, problems)
    assert staging is not None and staging.parent == tmp_path and not problems.items
    assert (out / "old.html").is_file()  # staging never touches the site in place
    assert swap(staging, out, problems)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == ["index.html", "news/a/index.html"]
    deadline = time.monotonic() + 10
    while any(tmp_path.glob("site.*")) and time.monotonic() < deadline:  # the old site is deleted in a thread
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_interrupted_swap_and_leftovers_are_recovered(tmp_path):
    out = tmp_path / "site"
    old = tmp_path / "site.old-123"
    old.mkdir()
    (old / "index.html").write_text("last good", "utf-8")
    (tmp_path / "site.staging-456").mkdir()
    recover(out)  # the build was killed between the two renames
    assert (out / "index.html").read_text("utf-8") == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert new_staging(out, Problems()) == tmp_path / f"site.staging-{os.getpid()}"


def test_write_errors_name_the_cause_in_chinese(tmp_path):
    import errno

    problems = Problems()
    for code, words in ((errno.ENOSPC, "磁盘空间已满"), (errno.EACCES, "没有写入权限"), (errno.EROFS, "磁盘是只读的")):
        io_error(problems, tmp_path, OSError(code, os.strerror(code), str(tmp_path / "a.html")))
        assert words in problems.items[-1].message and problems.items[-1].code == "GK503"
    assert "原有网站未被改动" in problems.items[-1].hint


def test_a_site_of_assets_is_copied_from_its_sources(tmp_path):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4")
    out = tmp_path / "site"
    staging = stage([Output(PurePosixPath("files/a.pdf"), "content/files/a.pdf", "asset", source=source)], out,
                    Problems())
    assert staging is not None and (staging / "files/a.pdf").read_bytes() == b"%PDF-1.4"
    assert not Path(out).exists()
