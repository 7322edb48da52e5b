"""Wording an inspection fails a site for (国办秘函〔2019〕19号): a leader's name written wrong after their title
is a 严重表述错误, a single veto; a fixed expression written a known wrong way, or a word typed twice, is a
错别字 that costs points. Each document's title, summary and body is checked as its page is rendered."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass

from gongkai.data import NamedLeader, Wording
from gongkai.documents import Document
from gongkai.invisible import visible
from gongkai.problems import Problems

# Written this way they are wrong wherever they appear; a site adds its own in content/_data/wording.yml.
BUILT_IN_TERMS = (
    ("中华人名共和国", "中华人民共和国"), ("政府信息公开条列", "政府信息公开条例"), ("截止目前", "截至目前"),
    ("脱贫攻艰", "脱贫攻坚"), ("行政复义", "行政复议"), ("营商坏境", "营商环境"), ("生态坏境", "生态环境"),
    ("一如继往", "一如既往"), ("再接再励", "再接再厉"), ("迫不急待", "迫不及待"), ("按部就搬", "按部就班"),
    ("融汇贯通", "融会贯通"), ("出奇不意", "出其不意"), ("默守成规", "墨守成规"), ("不径而走", "不胫而走"),
    ("食不裹腹", "食不果腹"), ("原形必露", "原形毕露"), ("人才挤挤", "人才济济"),
)
# Three or four characters typed twice (two may be Chinese: 人民政府政府信息, 依申请公开公开方式), and 的 typed
# twice (的的确确, 目的的 and 标的的 are Chinese). Only the first character is asked to be Han, the rest checked
# after: a pattern asking it of all four takes twice the time, and this runs on every body of every build.
DOUBLED = re.compile(r"([\u4e00-\u9fff].{2,3})\1|的的")
# Even so it costs 0.3 s of processor time over 10,000 bodies, which a build's speed (issue 7) cannot spare: a
# build looks only for 的的 in a body, `check` (thorough) for both; titles and summaries always get both.
DOUBLED_DE = re.compile(r"的的")
HAN = re.compile(r"[\u4e00-\u9fff]+")
# Text left from a template or an example, which would be published as it stands (`new` writes none).
PLACEHOLDER = re.compile(r"在这里写|在此处?(?:填写|输入)|[（(]示例[)）]|XXX+|×××+|○○○+|此处填写")
COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Finding:
    offset: int
    code: str
    message: str
    hint: str


class WordingCheck:
    """The dictionary compiled once per build: the built-in terms, the site's own, and every named leader."""

    def __init__(self, wording: Wording, leaders: tuple[NamedLeader, ...], thorough: bool = True,
                 labels: dict[str, str] | None = None):
        self.thorough = thorough
        self.labels = labels or {}  # front-matter keys' Chinese names, for the messages
        self.terms = dict(BUILT_IN_TERMS + wording.terms)
        self.term_pattern = re.compile("|".join(map(re.escape, sorted(self.terms, key=len, reverse=True))))
        named = {leader for leader in wording.leaders + leaders if HAN.fullmatch(leader.name)}
        self.names = {leader.name for leader in named}
        # One character off a two-character name is as likely another person (县长李强 beside 县长李明) as a slip.
        self.leaders = tuple(sorted((leader for leader in named if 3 <= len(leader.name) <= 4),
                                    key=lambda leader: (leader.title, leader.name)))
        titles = sorted({leader.title for leader in self.leaders}, key=len, reverse=True)
        self.title_pattern = re.compile("|".join(map(re.escape, titles))) if titles else None
        # What the findings depend on besides the text: a document's are told again while this is the same.
        self.digest = hashlib.sha256(repr((thorough, sorted(self.labels.items()), sorted(self.terms.items()),
                                           sorted(self.names), self.leaders)).encode()).hexdigest()

    def find(self, text: str, long: bool = False) -> list[Finding]:
        """The findings in `text`; a `long` one (a body) is looked through less in a build that is not thorough."""
        found = [Finding(m.start(), "GK396", f"“{m.group()}”应为“{self.terms[m.group()]}”",
                         f"改为 {self.terms[m.group()]}") for m in self.term_pattern.finditer(text)]
        for match in (DOUBLED_DE if long and not self.thorough else DOUBLED).finditer(text):
            unit, at = match.group(1) if match.lastindex else None, match.start()
            if unit is None and (text[at - 1:at] in ("目", "标") or text[at + 2:at + 3] == "确"):
                continue
            if unit is None or HAN.fullmatch(unit):
                found.append(Finding(at, "GK397", f"“{match.group()}”疑似多打了字", f"确认后改为 {unit or '的'}"))
        if self.title_pattern is not None:
            for match in self.title_pattern.finditer(text):
                found += self._misspelt_leaders(text, match)
        return found

    def _misspelt_leaders(self, text: str, title: re.Match) -> list[Finding]:
        """A name next to a title that is one character away from the name of a leader with that title."""
        found = []
        deputy = text[title.start() - 1:title.start()] == "副"  # 县长 inside 副县长: another post
        for leader in self.leaders:
            if leader.title != title.group() or deputy:
                continue
            size = len(leader.name)
            after = (title.end(), text[title.end():title.end() + size])
            before = (title.start() - size, text[max(0, title.start() - size):title.start()])
            for start, written in (after, before):
                if len(written) != size or written in self.names or not HAN.fullmatch(written):
                    continue
                differ = [i for i, (a, b) in enumerate(zip(written, leader.name)) if a != b]
                # Before the title the surname may be a word of the sentence (会见了明华县长 is no name).
                if len(differ) == 1 and (start == title.end() or differ[0] > 0):
                    shown = f"{leader.title}{written}" if start == title.end() else f"{written}{leader.title}"
                    found.append(Finding(start, "GK395", f"“{shown}”中的姓名疑似写错，{leader.title}是{leader.name}",
                                         f"改为 {leader.name}；若确是另一位同志，在 content/_data/wording.yml 的 "
                                         f"leaders 中登记其姓名和职务"))
        return found


def check_document(check: WordingCheck, doc: Document, body: str, problems: Problems) -> None:
    """Report what `check` finds in the document's title, summary and body, each at its own line, and
    placeholder text anywhere in it."""
    summary = getattr(doc.meta, "summary", "") or ""
    body = visible(body)  # what a reader sees: 中华人名\u200b共和国 is still a slip; lines are kept
    places = [(visible(doc.title), lambda offset: doc.line("title"), False),
              (visible(summary), lambda offset: doc.line("summary"), False),
              (body, lambda offset: doc.body_line + body.count("\n", 0, offset), True)]
    for text, line_of, long in places:
        for finding in check.find(text, long) if text else ():
            report = problems.warning if finding.code == "GK397" else problems.error
            report(finding.code, doc.label, line_of(finding.offset), finding.message, finding.hint,
                   rule="serious-wording" if finding.code == "GK395" else "wording")
    shown = COMMENT.sub(lambda m: "\n" * m.group().count("\n"), body) if "<!--" in body else body  # comments are not published
    for match in PLACEHOLDER.finditer(shown):
        _placeholder(doc, doc.body_line + shown.count("\n", 0, match.start()), "", "正文", match.group(), problems)
    # Every field's text costs 40 µs a document to walk, which a build's speed cannot spare: `check` (thorough)
    # looks through all of them, a build through the title and the summary.
    texts = _texts(doc.meta) if check.thorough else [("title", doc.title), ("summary", summary)]
    for key, text in texts:
        for match in PLACEHOLDER.finditer(text):
            _placeholder(doc, doc.line(key), key, check.labels.get(key, key), match.group(), problems)


def _placeholder(doc: Document, line: int, key: str, label: str, found: str, problems: Problems) -> None:
    problems.warning("GK398", doc.label, line, f"有占位文字“{found}”，会原样发布" if key else f"正文中有占位文字“{found}”，会原样发布",
                     "换成真实内容；还没写好就在文件开头加上 draft: true，暂不发布", rule="wording",
                     **({"key": key, "label": label} if key else {}))


def _texts(value, key: str = "") -> list[tuple[str, str]]:
    """Every text in the front matter, with the top-level key it is under (not site.yml's, such as an organ's)."""
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, (tuple, list)):
        return [found for item in value for found in _texts(item, key)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and type(value).__module__ != "gongkai.config":
        return [found for f in dataclasses.fields(value) if f.name not in ("body",)
                for found in _texts(getattr(value, f.name), key or f.name)]
    return []
