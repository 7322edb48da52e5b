"""Problems found during a build, collected as values and reported together in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

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

    def sort_key(self) -> tuple:
        return (self.path == "", self.path, self.line, self.code, self.key, self.message)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line else (self.path or "网站")
        head = f"{where}: {_SEVERITY_WORD[self.severity]} {self.code}"
        if self.key:
            head += f" 字段「{self.label}」({self.key})" if self.label else f" 字段 ({self.key})"
        text = f"{head}: {self.message}"
        if self.others:
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
        }


@dataclass
class Problems:
    """Collector handed to every stage; stages add to it and never raise for bad input."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
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
        unique = {p: None for p in self.items}  # drop exact repeats, keep first order
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

    def report(self, site_updated: bool | None = None) -> str:
        lines = [p.format() for p in self.sorted()]
        lines.append(self.summary(site_updated))
        return "\n".join(lines)


def nearest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """Return the closest choice to a misspelt word, or None when nothing is close."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None
