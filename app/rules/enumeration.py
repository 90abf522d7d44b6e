"""Numbered items in running text (“一是…二是…”, “（一）…（二）…”): a number skipped or used twice.

Reports list problems and measures as 一是/二是/三是 or （一）（二）（三）. A list that skips a
number or repeats one usually lost an item when it was edited. A list that starts again
at 一 is a new list (问题 then 措施), not a mistake. The two styles are separate sequences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十"
_BOUNDARY = r"(?:(?<=^)|(?<=[\s。;；,，:：、)）!！?？\"“”]))"
_STYLES = (
    ("是", re.compile(rf"{_BOUNDARY}([一二三四五六七八九十]{{1,3}})是")),
    ("括号", re.compile(r"(?<!第)[(（]([一二三四五六七八九十]{1,3})[)）](?![项款条])")),
)


def cn_value(s: str) -> int | None:
    """一…九十九 as a number (None for anything else)."""
    if not s or any(ch not in _CN for ch in s):
        return None
    if "十" not in s:
        return _CN.index(s) + 1 if len(s) == 1 else None
    a, _, b = s.partition("十")
    if len(a) > 1 or len(b) > 1:
        return None
    return (_CN.index(a) + 1 if a else 1) * 10 + (_CN.index(b) + 1 if b else 0)


def cn_numeral(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return (_CN[tens - 1] if tens > 1 else "") + "十" + (_CN[ones - 1] if ones else "")


def _label(style: str, n: int) -> str:
    return f"{cn_numeral(n)}是" if style == "是" else f"（{cn_numeral(n)}）"


@dataclass
class Problem:
    start: int  # offsets of the offending item in the text given
    end: int
    message: str
    suggestion: str
    found: str
    expected: str


def enumeration_problems(text: str) -> list[Problem]:
    """Skipped or repeated numbers in each style's sequence, in text order."""
    out: list[Problem] = []
    for style, rx in _STYLES:
        prev, used = 0, set()
        for m in rx.finditer(text):
            n = cn_value(m.group(1))
            if n is None:
                continue
            item, want = _label(style, n), _label(style, prev + 1)
            if n == 1:
                prev, used = 1, {1}  # a new list
                continue
            if n == prev + 1:
                prev = n
                used.add(n)
                continue
            if n in used:
                out.append(Problem(m.start(), m.end(), f"的编号“{item}”重复使用（本组前面已有“{item}”）",
                                   f"把重复的“{item}”改为“{want}”，并依次调整后面的编号。", item, want))
            elif n > prev + 1:
                missing = "、".join(f"“{_label(style, k)}”" for k in range(prev + 1, n))
                before = f"（此前为“{_label(style, prev)}”）" if prev else "（本组没有从“一”开始）"
                out.append(Problem(m.start(), m.end(), f"的编号“{item}”前缺少{missing}{before}",
                                   f"补上漏掉的一条，或把“{item}”改为“{want}”并依次调整后面的编号。", item, want))
            else:
                out.append(Problem(m.start(), m.end(), f"的编号“{item}”顺序颠倒（前面已到“{_label(style, prev)}”）",
                                   f"按顺序调整编号，此处应为“{want}”。", item, want))
            prev = max(prev, n)
            used.add(n)
    out.sort(key=lambda p: p.start)
    return out
