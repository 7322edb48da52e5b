from datetime import date, datetime
from pathlib import PurePosixPath

from gongkai.fields import (INVALID, Bool, Choice, Date, DateTime, DocNo, IndexNo, Slug, TextList, Where,
                            resolve_path)
from gongkai.load import Scalar, Seq
from gongkai.problems import Problems


def parse(ftype, text):
    problems = Problems()
    node = text if not isinstance(text, str) else Scalar(text, 7)
    value = ftype.parse(node, Where("content/a.md", 7, "published", "发布日期", problems))
    return value, problems.items


def test_dates_must_be_real():
    assert parse(Date(), "2019-07-19") == (date(2019, 7, 19), [])
    value, [p] = parse(Date(), "2019-02-30")
    assert value is INVALID and p.code == "GK203" and "2019年2月只有 28 天" in p.message
    value, [p] = parse(Date(), "2019-13-01")
    assert "月份只能是 1 到 12" in p.message
    value, [p] = parse(Date(), "2019/7/19")
    assert p.code == "GK203" and p.line == 7 and p.key == "published"


def test_dates_written_the_office_way_are_refused_with_the_value_as_it_should_be():
    cases = {
        (Date(), "2019/7/19"): "写成 2019-07-19",
        (Date(), "2019.07.19"): "写成 2019-07-19",
        (Date(), "2019年7月19日"): "写成 2019-07-19",
        (Date(), "20190719"): "写成 2019-07-19",
        (DateTime(), "2019年7月19日 9:30"): "写成 2019-07-19 09:30",
        (DateTime(), "2019年7月19日9时30分"): "写成 2019-07-19 09:30",
        (Date(), "2019年7月19日 9:30"): "例如 2019-07-19",  # a date field has no time
        (Date(), "2019/2/30"): "例如 2019-07-19",  # no such day: the general example
        (DateTime(), "2019/7/19 24:00"): "例如 2019-07-19",
    }
    for (ftype, text), hint in cases.items():
        value, [p] = parse(ftype, text)
        assert value is INVALID and p.code == "GK203" and hint in p.hint, (text, p.hint)


def test_datetime_accepts_date_or_minutes():
    assert parse(DateTime(), "2019-07-19")[0] == datetime(2019, 7, 19)
    assert parse(DateTime(), "2019-07-19 09:30")[0] == datetime(2019, 7, 19, 9, 30)
    assert parse(DateTime(), "2019-07-19 25:00")[0] is INVALID


def test_doc_no_brackets():
    assert parse(DocNo(), "荣府办发〔2019〕21号")[0] == "荣府办发〔2019〕21号"
    value, [p] = parse(DocNo(), "荣府办发[2019]21号")
    assert p.code == "GK207" and "改为 荣府办发〔2019〕21号" in p.hint
    value, [p] = parse(DocNo(), "荣府办发（2019）21号")
    assert "六角括号" in p.message
    assert parse(DocNo(), "二〇一九年第一号")[0] is INVALID


def test_index_no():
    assert parse(IndexNo(), "008290030/2018-02662")[0] == "008290030/2018-02662"
    assert parse(IndexNo(), "11341702486344515H/2021-00013")[0] == "11341702486344515H/2021-00013"
    assert parse(IndexNo(), "008290030/2018-2662")[0] is INVALID
    assert parse(IndexNo(), "0451")[0] is INVALID


def test_bool_is_never_guessed():
    assert parse(Bool(), "true")[0] is True
    assert parse(Bool(), "否")[0] is False
    value, [p] = parse(Bool(), "NO")
    assert value is INVALID and p.code == "GK210"


def test_choice_suggests_nearest():
    value, [p] = parse(Choice(("有效", "失效", "废止", "已修改"), "有效性"), "已失效")
    assert p.code == "GK204" and "是不是“失效”" in p.hint


def test_text_list_accepts_line_or_list():
    assert parse(TextList(), "政务公开 工作要点、2019")[0] == ("政务公开", "工作要点", "2019")
    assert parse(TextList(), Seq((Scalar("a", 1), Scalar("b", 2)), 1))[0] == ("a", "b")


def test_slug():
    assert parse(Slug(), "gzyd-2019")[0] == "gzyd-2019"
    assert parse(Slug(), "../../x")[0] is INVALID
    assert parse(Slug(), "工作要点")[0] is INVALID


def test_resolve_path():
    base = PurePosixPath("xxgk/fdzdgknr")
    assert resolve_path(base, "../../gzyd/_index.md") == PurePosixPath("gzyd/_index.md")
    assert resolve_path(base, "/zwdt/a.md") == PurePosixPath("zwdt/a.md")
    assert resolve_path(base, "../../../x.md") is None


def test_a_field_named_by_its_chinese_label_is_told_its_key_once():
    from gongkai.field_reading import read_fields
    from gongkai.fields import FieldSpec, Text
    from gongkai.load import Entry, Map

    specs = (FieldSpec("title", "标题", Text("标题"), True), FieldSpec("organ", "发布机构", Text("县政府"), True))
    node = Map((Entry("标题", 2, Scalar("推进会召开", 2)), Entry("organ", 3, Scalar("县政府", 3))), 2)
    problems = Problems()
    assert read_fields(node, specs, "content/a.md", problems) is None
    [problem] = problems.items  # not also “缺少必填字段「标题」”
    assert (problem.code, problem.line, problem.key) == ("GK201", 2, "title")
    assert "改为 title" in problem.hint
