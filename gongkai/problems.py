"""Problems found during a build, collected as values and reported together in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

ERROR = "error"
WARNING = "warning"

# The stage that found a problem. Each stage is handed a collector stamped with its name (Problems.at), so a
# problem knows where it came from whatever its code; what a stage's errors stop is decided here, once.
CONFIG, LOAD, VALIDATE, MODEL, RENDER, TEMPLATE, OUTPUT, DATES, WRITE = (
    "config", "load", "validate", "model", "render", "template", "output", "dates", "write")
STAGE_TITLES = {CONFIG: "网站配置", LOAD: "文件读取", VALIDATE: "字段", MODEL: "内容之间的关联", RENDER: "正文",
                TEMPLATE: "模板", OUTPUT: "生成结果", DATES: "时限", WRITE: "写出网站"}
# Errors that leave pages unrendered or unwritten: checking the output would only report them again as dead links.
LEAVES_PAGES_OUT = (TEMPLATE, WRITE)

_SEVERITY_WORD = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    code: str
    severity: str
    path: str  # relative to the project root, POSIX style; "" when not tied to a file
    line: int  # 1-based; 0 when unknown
    message: str
    hint: str = ""
    key: str = ""
    label: str = ""
    others: tuple[tuple[str, int], ...] = ()  # other files involved in a cross-file problem
    rule: str = ""  # short rule name used to group the check report
    stage: str = ""  # the stage that found it (CONFIG … WRITE); stamped by the collector it was added to
    count: int = 0  # a template's error, reported once for all pages: on how many it occurred

    @property
    def leaves_pages_out(self) -> bool:
        return self.severity == ERROR and self.stage in LEAVES_PAGES_OUT

    def sort_key(self) -> tuple:
        return (self.path == "", self.path, self.line, self.code, self.key, self.message)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line else (self.path or "网站")
        head = f"{where}: {_SEVERITY_WORD[self.severity]} {self.code}"
        if self.key:
            head += f" 字段「{self.label}」({self.key})" if self.label else f" 字段 ({self.key})"
        text = f"{head}: {self.message}"
        if self.count:
            more = "等" if self.count > len(self.others) else ""
            text += f"（出现在 {self.count} 个页面：" + "、".join(p for p, _ in self.others) + f"{more}）"
        elif self.others:
            text += "（另见 " + "、".join(f"{p}:{n}" if n else p for p, n in self.others) + "）"
        if self.hint:
            text += f" — 怎么改: {self.hint}"
        return text

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "key": self.key,
            "label": self.label,
            "message": self.message,
            "hint": self.hint,
            "others": [{"path": p, "line": n} for p, n in self.others],
            "stage": self.stage,
            "pages": self.count,
        }


@dataclass
class Problems:
    """Collector handed to every stage; stages add to it and never raise for bad input."""

    items: list[Problem] = field(default_factory=list)
    stage: str = ""

    def at(self, stage: str) -> Problems:
        """The same collector, stamping what is added through it with `stage`."""
        return Problems(self.items, stage)

    def add(self, problem: Problem) -> None:
        if self.stage and not problem.stage:
            problem = replace(problem, stage=self.stage)
        self.items.append(problem)

    def error(self, code: str, path: str, line: int, message: str, hint: str = "", **kw) -> None:
        self.add(Problem(code, ERROR, path, line, message, hint, **kw))

    def warning(self, code: str, path: str, line: int, message: str, hint: str = "", **kw) -> None:
        self.add(Problem(code, WARNING, path, line, message, hint, **kw))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.items)

    def sorted(self) -> list[Problem]:
        """Each finding once, in file and line order; a template's error on many pages is one finding."""
        unique = {p: None for p in _fold_pages(self.items)}  # drop exact repeats, keep first order
        return sorted(unique, key=Problem.sort_key)

    def summary(self, site_updated: bool | None = None) -> str:
        probs = self.sorted()
        n_err = sum(p.severity == ERROR for p in probs)
        n_warn = len(probs) - n_err
        files = {p.path for p in probs if p.path} | {o for p in probs for o, _ in p.others}
        text = f"共 {n_err} 个错误、{n_warn} 个警告，涉及 {len(files)} 个文件"
        if site_updated is True:
            text += "；网站已更新"
        elif site_updated is False:
            text += "；网站未更新"
        return text + "。"

    def report(self, site_updated: bool | None = None, shown: frozenset[Problem] = frozenset()) -> str:
        """Every finding and the summary; those already `shown` (printed while the build went on) are not
        printed again, only counted."""
        ordered = sorted(self.sorted(), key=lambda p: p.severity != ERROR)  # what stops the build first; stable
        lines = [p.format() for p in ordered if p not in shown]
        lines.append(self.summary(site_updated))
        return "\n".join(lines)


PAGES_NAMED = 3  # of the pages that share a finding, the first few are named


def _fold_pages(problems) -> list[Problem]:
    """One finding for problems that differ only in the page they were found on (`pages` in others)."""
    folded: dict[Problem, list[tuple[str, int]]] = {}
    for problem in problems:
        if (problem.stage == TEMPLATE or problem.rule == "template-identity") and problem.others:
            folded.setdefault(replace(problem, others=()), []).extend(problem.others)
        else:
            folded.setdefault(problem, [])
    found = []
    for problem, pages in folded.items():
        if pages:
            named = tuple(sorted(set(pages)))  # a list of many pages names its file once
            problem = replace(problem, others=named[:PAGES_NAMED], count=len(pages))
        found.append(problem)
    return found


RULE_TITLES = {
    "single-veto": "单项否决", "single-veto-soon": "即将触发单项否决", "stale-column": "栏目超期未更新",
    "stale-soon": "栏目即将超期", "empty-column": "空白栏目", "late-disclosure": "信息公开超过时限",
    "late-enforcement": "执法决定公示超过时限", "late-withdrawal": "执法决定撤回超过时限",
    "missing-stats": "年度执法数据未按期公开", "missing-interpretation": "政策文件缺少解读",
    "missing-annual-report": "年度报告未按期发布", "consultation-result": "意见征集结果未公布",
    "late-reply": "留言答复超过时限", "unanswered": "留言逾期未答复", "report-arithmetic": "年度报告数据不一致",
    "serious-wording": "领导姓名疑似写错（严重表述错误）", "wording": "错别字和多打的字",
    "accessibility": "无障碍：图片、链接文字、表头、附件的文字版", "external-host": "链接到未登记的站外网站",
    "art20-category": "法定公开类别缺少现行信息", "stale-media": "政务新媒体两周未更新",
    "missing-website-report": "政府网站工作年度报表未按期发布",
}


def rule_title(problem: Problem) -> str:
    if problem.rule in RULE_TITLES:
        return RULE_TITLES[problem.rule]
    return STAGE_TITLES.get(problem.stage, "其他")


def grouped_report(problems: Problems) -> str:
    """The inspection report: errors first, then warnings, each grouped by rule."""
    lines = []
    for severity, word in ((ERROR, "错误"), (WARNING, "警告")):
        found = [p for p in problems.sorted() if p.severity == severity]
        if not found:
            continue
        lines.append(f"【{word}】{len(found)} 项")
        groups: dict[str, list[Problem]] = {}
        for problem in found:
            groups.setdefault(rule_title(problem), []).append(problem)
        for title, members in groups.items():
            lines.append(f"  {title}（{len(members)}）")
            lines += [f"    {p.format()}" for p in members]
    lines.append(problems.summary())
    return "\n".join(lines)


def nearest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """Return the closest choice to a misspelt word, or None when nothing is close."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None
