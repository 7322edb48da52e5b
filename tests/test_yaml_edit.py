"""yaml_edit: values `new` and `import-plan` write read back as the same text through the site's own reader,
and an edit keeps what the editor wrote around it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.load import Map, parse_yaml
from gongkai.problems import Problems
from gongkai.yaml_edit import digest, dump, load, read_stamp, stamped, value, yaml_text

TRICKY = ["是", "否", "yes", "NO", "true", "null", "~", "", "关于: 冒号", "#井号", "- 开头", "'单引号'", '"双引号"',
          "2019-01-01", "0451", "1.10", "[方括号]", "{花括号}", "a\\b", " 前后空格 ", "@at", "`反引号`", "%百分号", "* 星号"]


def read_back(text: str) -> str:
    problems = Problems()
    node = parse_yaml(f"title: {yaml_text(text)}\n", 1, "x.md", problems)
    assert isinstance(node, Map) and not problems.items, (text, yaml_text(text))
    return node.get("title").value.text


def test_tricky_values_read_back_as_written():
    for text in TRICKY:
        assert read_back(text) == text, (text, yaml_text(text))


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"),
               max_size=30))
def test_any_one_line_text_reads_back_as_written(text):
    assert read_back(text) == text


def test_an_edit_keeps_the_editors_comments_quotes_and_order():
    head = "# 编辑的说明\nsummary: '摘要'  # 待审\ntitle: 旧标题\nunits:\n  - role: 牵头单位\n    names: [县发改局]\n"
    data = load(head)
    data["title"] = value("新标题: 第二版")
    assert dump(data) == head.replace("title: 旧标题", "title: '新标题: 第二版'")


def test_the_stamp_stays_where_it_is_and_holds_the_new_digests():
    data = load("summary: 编辑加的\n# 导入记录（重新导入时据此认出编辑改过的字段，请勿改动）：title=00000000\ntitle: 标题\n")
    text = stamped({"title": digest("标题")}, data, "正文\n")
    assert text.split("\n")[1:3] == ["summary: 编辑加的", "# 导入记录（重新导入时据此认出编辑改过的字段，请勿改动）：title=" + digest("标题")]
    assert read_stamp(text) == {"title": digest("标题")}
    assert stamped({"a": "1"}, load("title: x\n"), "").startswith("---\n# 导入记录（重新导入时据此认出编辑改过的字段，请勿改动）：a=1\ntitle: x\n")
