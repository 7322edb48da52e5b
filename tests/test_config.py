"""site.yml read into a SiteConfig: every problem reported with its line, the time zone used everywhere."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from conftest import copy_site, run_build
from gongkai.config_file import load_config
from gongkai.pipeline import day_in
from gongkai.problems import Problems


def _config(tmp_path, old: str, new: str):
    root = copy_site(tmp_path / "site", templates=False)
    path = root / "site.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    problems = Problems()
    return load_config(root, problems), problems


def test_every_problem_in_the_file_is_reported_at_its_line(tmp_path):
    config, problems = _config(tmp_path, "page_size: 5\n", "page_size: 5\npage_sise: 9\nlanguage2: en\n")
    assert config is None
    found = sorted((p.code, p.line, p.key) for p in problems.items)
    assert found == [("GK201", 6, "page_sise"), ("GK201", 7, "language2")], problems.report()
    assert "page_size" in problems.items[0].hint  # did you mean …


def test_a_time_zone_the_system_knows_is_used_and_another_is_refused(tmp_path):
    config, problems = _config(tmp_path, "timezone: Asia/Shanghai", "timezone: Asia/Urumqi")
    assert config is not None and not problems.items and config.zone == ZoneInfo("Asia/Urumqi")
    config, problems = _config(tmp_path / "2", "timezone: Asia/Shanghai", "timezone: Asia/Shanghia")
    assert config is None
    problem, = problems.items
    assert (problem.code, problem.line, problem.key) == ("GK204", 4, "timezone")
    assert "Asia/Shanghai" in problem.hint  # the nearest zone is suggested


def test_the_day_is_the_site_zones_day():
    config = type("Config", (), {"zone": ZoneInfo("Asia/Shanghai")})()
    evening_in_utc = datetime(2020, 3, 31, 17, 0, tzinfo=timezone.utc)  # 01:00 on 1 April in Rong County
    assert day_in(evening_in_utc, config) == date(2020, 4, 1)
    assert day_in(date(2020, 3, 31), config) == date(2020, 3, 31)


def test_feeds_carry_the_configured_zones_offset(make_site):
    root = make_site()
    (root / "site.yml").write_text((root / "site.yml").read_text("utf-8").replace(
        "timezone: Asia/Shanghai", "timezone: Asia/Urumqi"), "utf-8")
    assert run_build(root).written
    feed = (root / "site/news/feed.xml").read_text("utf-8")
    assert "<published>2019-07-26T17:30:00+06:00</published>" in feed and "+08:00" not in feed


def test_the_emblem_is_a_picture_inside_content_shown_before_the_site_name(tmp_path):
    config, problems = _config(tmp_path, "page_size: 5\n", "page_size: 5\nlogo: images/emblem.png\n")
    assert config is None
    problem, = problems.items
    assert (problem.code, problem.line, problem.key) == ("GK004", 6, "logo") and "content/images/emblem.png" in problem.message
    root = tmp_path / "site"  # the same site, with the picture in place
    (root / "content/images").mkdir(parents=True)
    (root / "content/images/emblem.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    from conftest import REPO
    import shutil
    shutil.rmtree(root / "templates", ignore_errors=True)
    shutil.copytree(REPO / "templates", root / "templates")
    result = run_build(root)
    assert result.written, result.problems.report()
    home = (root / "site/index.html").read_text("utf-8")
    assert '<img class="site-logo" src="images/emblem.png" alt=""' in home
    assert (root / "site/images/emblem.png").is_file()


def test_the_site_code_must_begin_with_the_division_code_when_one_is_given(tmp_path):
    config, problems = _config(tmp_path, '  id_code: "5103219999"\n', '  id_code: "5103219999"\n  division_code: "510322"\n')
    assert config is None
    assert [(p.code, p.line, p.key) for p in problems.items] == [("GK004", 10, "id_code")], problems.report()
    assert "应以本地的行政区划代码 510322 开头" in problems.items[0].message
    for written in ('  id_code: "5103219999"\n  division_code: "510321"\n', '  id_code: "bm51032199"\n  division_code: "510321"\n',
                    '  id_code: "5103219999"\n'):
        config, problems = _config(tmp_path / written[12:16], '  id_code: "5103219999"\n', written)
        assert config is not None and not problems.errors, problems.report()
