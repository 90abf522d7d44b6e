"""Find the six statutory sections (FORMAT.md §3) by number and by keyword.

A heading is a short line. Numbered headings (``四、…``) are accepted when their
title carries the section's keywords near its start; unnumbered ones (seed 004's bare
``总体情况``) only when the whole line is one of the known heading forms, so the
preamble that lists the six parts in one sentence, sub-headings such as
``（一）主动公开政府信息情况`` and table labels such as ``四、结转下年度继续办理`` are
never taken for sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.model import Section
from app.normalize import NormText
from app.template import SECTION_NUMERALS

_NUMBERED = re.compile(r"^(?P<num>[一二三四五六])\s*[、.,，:：]?\s*(?P<title>\S.*)$")

# Keywords a numbered heading's title must show near its start.
_LENIENT: dict[int, re.Pattern[str]] = {
    1: re.compile(r"^(总体情况|基本情况|概述|总体)"),
    2: re.compile(r"^主动公开"),
    3: re.compile(r"^(收到|受理|依申请).{0,3}(处理)?.{0,12}申请"),
    4: re.compile(r"行政复议.{0,3}(和|及|与|、)?.{0,3}(提起)?行政诉讼|复议.{0,3}诉讼"),
    5: re.compile(r"^.{0,10}(存在|主要)的?.{0,4}问题"),
    6: re.compile(r"^其他.{0,2}(需要|需)?报告"),
}

# Whole-line forms accepted without a number.
_STRICT: dict[int, re.Pattern[str]] = {
    1: re.compile(r"^(总体情况|基本情况)$"),
    2: re.compile(r"^主动公开政府信息(的)?情况$"),
    3: re.compile(r"^收到和处理政府信息公开申请(的)?情况$"),
    4: re.compile(r"^(因)?政府信息公开(工作)?(被申请)?行政复议(、|和|及|与)?(提起)?行政诉讼(的)?情况$"),
    5: re.compile(r"^(政府信息公开工作)?存在的?(主要)?问题(及|和|与)?(改进|整改)?(情况|措施|举措)?$"),
    6: re.compile(r"^其他需要报告的事项$"),
}

_MAX_HEADING = 40


@dataclass
class _Candidate:
    number: int
    numbered: bool
    numeral_ok: bool
    title: str
    start: int  # normalised offset of the heading line
    end: int


def _candidates(nt: NormText) -> list[_Candidate]:
    out: list[_Candidate] = []
    text = nt.text
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        c = "".join(stripped.split()).rstrip("。:：")
        if len(c) > _MAX_HEADING or c.startswith("("):
            continue
        lead = line_start + (len(line) - len(line.lstrip()))
        m = _NUMBERED.match(c)
        if m:
            title = m.group("title")
            numeral = SECTION_NUMERALS.index(m.group("num")) + 1
            for n, pat in _LENIENT.items():
                if pat.search(title) and not (n == 1 and "本年新收" in title):
                    out.append(_Candidate(n, True, numeral == n, title, lead, line_start + len(line)))
                    break
            continue
        for n, pat in _STRICT.items():
            if pat.match(c):
                out.append(_Candidate(n, False, False, c, lead, line_start + len(line)))
                break
    return out


def find_sections(nt: NormText) -> list[Section]:
    """Sections in document order with original offsets; ends at the next section."""
    chosen: dict[int, _Candidate] = {}
    floor = 0
    cands = _candidates(nt)
    for n in range(1, 7):
        pool = [c for c in cands if c.number == n and c.start >= floor]
        if not pool:
            continue
        # Prefer a heading with the right numeral, then any numbered one, then a bare one.
        best = min(pool, key=lambda c: (not c.numeral_ok, not c.numbered, c.start))
        chosen[n] = best
        floor = best.end
    ordered = sorted(chosen.values(), key=lambda c: c.start)
    sections: list[Section] = []
    for i, c in enumerate(ordered):
        nxt = ordered[i + 1].start if i + 1 < len(ordered) else len(nt.text)
        start, _ = nt.span(c.start, c.start + 1)
        end = nt.orig(nxt) if nxt < len(nt.text) else nt.original_length
        hs = nt.span(c.start, c.end)
        sections.append(Section(c.number, c.title, start, end, hs, numbered=c.numbered))
    return sections
