"""The 索引号 ledger's record of serials given out: "15" means 1 to 15 (every one allocated in turn), "1-3, 7, 9-12"
lists exactly those (a migrated site's numbers, which may have gaps that were never allocated)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r"^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$")


@dataclass(frozen=True)
class Serials:
    ranges: tuple[tuple[int, int], ...] = ()  # sorted, disjoint, inclusive

    @property
    def top(self) -> int:
        return self.ranges[-1][1] if self.ranges else 0

    def __contains__(self, serial: int) -> bool:
        return any(low <= serial <= high for low, high in self.ranges)

    def missing_below_top(self) -> int:
        covered = sum(high - low + 1 for low, high in self.ranges)
        return self.top - covered

    def add(self, *serials: int) -> Serials:
        return Serials.of(set(self.each()) | set(serials))

    def each(self):
        for low, high in self.ranges:
            yield from range(low, high + 1)

    @classmethod
    def of(cls, serials) -> Serials:
        ranges: list[list[int]] = []
        for n in sorted(set(serials)):
            if ranges and n == ranges[-1][1] + 1:
                ranges[-1][1] = n
            else:
                ranges.append([n, n])
        return cls(tuple((low, high) for low, high in ranges))

    @classmethod
    def parse(cls, text: str) -> Serials | None:
        """None when the text is neither a count nor a list of serials and ranges."""
        text = text.strip()
        if text.isdigit():
            count = int(text)
            if count > 99999:  # the 索引号 has five digits
                return None
            return cls(((1, count),)) if count else cls()
        found: set[int] = set()
        for part in text.replace("，", ",").split(","):
            match = _PART.match(part.strip())
            if not match:
                return None
            low, high = int(match[1]), int(match[2] or match[1])
            if not 1 <= low <= high <= 99999:
                return None
            found.update(range(low, high + 1))
        return cls.of(found)

    def text(self) -> str:
        """A bare count when nothing is missing (the usual case: allocated in turn), else the list."""
        if not self.ranges or self.ranges == ((1, self.top),):
            return str(self.top)
        return '"' + ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.ranges) + '"'
