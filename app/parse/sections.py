"""Find the six statutory sections (FORMAT.md §3) by number and by keyword.

A heading is a short line. Numbered headings (``四、…``) are accepted when their
title carries the section's keywords near its start; unnumbered ones (seed 004's bare
``总体情况``) only when the whole line is one of the known heading forms, so the
preamble that lists the six parts in one sentence, sub-headings such as
``（一）主动公开政府信息情况`` and table labels such as ``四、结转下年度继续办理`` are
never taken for sections.

Converters and web pages dress headings up: Markdown (``## 一、总体情况``,
``**一、总体情况**``), brackets (``【一、总体情况】``), numbered lists (``1. 总体情况``),
``第一部分 总体情况``. The markup is taken off before the line is judged. A report whose
line breaks were lost (one line for the whole report) has its headings inside the text;
they are found there by their full official wording after the section's numeral.

A heading whose title the reader does not know, but whose number and place say which
section it is (``第三部分 依申请公开情况`` between parts two and four), is taken for that
section with a doubt, never reported missing: the reader's uncertainty is a doubt
(ParseWarning), not a mistake of the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.model import ParseWarning, Section
from app.normalize import NormText
from app.template import SECTION_NUMERALS, SECTION_TITLES

_NUMBERED = re.compile(r"^(?P<num>[一二三四五六])\s*[、.,，:：]?\s*(?P<title>\S.*)$")
# ``第三部分 …``; ``1. …`` / ``1、…`` / ``1) …`` (numbered lists, Markdown ``1\.`` escapes)
_PART = re.compile(r"^第(?P<num>[一二三四五六])(?:部分|章|节)[、.,，:：]?(?P<title>\S.*)$")
_ARABIC = re.compile(r"^(?P<num>[1-6])(?:\\?[.、)]|:|：)(?P<title>\S.*)$")
# ``（三）收到和处理…`` as a top-level heading (some departments number parts so): only the
# full official wording, and only where no better heading is found — ``（一）主动公开…`` is
# usually a sub-heading of part one.
_PAREN = re.compile(r"^\((?P<num>[一二三四五六])\)(?P<title>\S.*)$")
# A table of contents: leader dots (or a tab) and a page number after the heading.
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|_{4,})\s*\d{1,3}$")

# Markup around a heading: Markdown, brackets, HTML tags, list bullets (on the compact line).
_LEAD = re.compile(r"^(?:#{1,6}|>|[-+•·●◆■□▪◇○]|\*(?!\*)|【|〖|\[|<[a-zA-Z][^>]{0,20}>)+")
_TRAIL = re.compile(r"(?:#+|】|〗|\]|</[a-zA-Z][^>]{0,20}>)+$")
_MARKUP_HINT = re.compile(r"^[#>\-+•·●◆■□▪◇○*【〖\[<]|[*_<】〗\]#]")
_EMPHASIS = re.compile(r"\*\*|__|<\/?(?:b|strong|em|i|u|span|p|h[1-6]|br|font)(?:\s[^>]{0,40})?\/?>")

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
_STRICT_FORMS: dict[int, str] = {
    1: r"(?:总体情况|基本情况)",
    2: r"主动公开政府信息(?:的)?情况",
    3: r"收到和处理政府信息公开申请(?:的)?情况",
    4: r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议(?:、|和|及|与)?(?:提起)?行政诉讼(?:的)?情况",
    5: r"(?:政府信息公开工作)?存在的?(?:主要)?问题(?:及|和|与)?(?:改进|整改)?(?:情况|措施|举措)?",
    6: r"其他需要报告的事项",
}
_STRICT: dict[int, re.Pattern[str]] = {n: re.compile(f"^{f}$") for n, f in _STRICT_FORMS.items()}
# Inside a long line (a report that lost its line breaks): numeral, separator, official wording.
_INLINE = re.compile("|".join(
    f"(?P<s{n}>(?:第{SECTION_NUMERALS[n - 1]}部分\\s*[、.:：]?|{SECTION_NUMERALS[n - 1]}\\s*[、.])\\s*{f})"
    for n, f in _STRICT_FORMS.items() if n != 5
) + r"|(?P<s5>(?:第五部分\s*[、.:：]?|五\s*[、.])\s*(?:政府信息公开工作)?存在的?(?:主要)?问题(?:及|和|与)(?:改进|整改)"
    r"(?:情况|措施|举措))")

# Table labels that begin with a section numeral (``四、结转下年度继续办理``): never headings.
_TABLE_LABEL = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|继续办理|申请数量")

_MAX_HEADING = 40
_MAX_GUESS = 30


@dataclass
class _Candidate:
    number: int
    numbered: bool
    numeral_ok: bool
    title: str
    start: int  # normalised offset of the heading (line start, or the numeral inside a long line)
    end: int
    style: str = ""  # markup and numbering form, to compare a guessed heading with its neighbours
    guessed: bool = False
    inline: bool = False  # inside a long line (a report that lost its line breaks)
    fallback: bool = False  # ``（三）…``: taken only when nothing better names the section


@dataclass
class _Line:
    start: int
    end: int
    text: str  # compact, markup taken off
    style: str


def _unmarked(line: str) -> tuple[str, str]:
    """The compact line without heading markup, and the markup's shape (its 'style')."""
    c = "".join(line.split())
    if not _MARKUP_HINT.search(c):
        return c.rstrip("。:："), "|"
    lead = _LEAD.match(c)
    c2 = c[lead.end():] if lead else c
    trail = _TRAIL.search(c2)
    c2 = c2[:trail.start()] if trail else c2
    emph = bool(_EMPHASIS.search(c2))
    c2 = _EMPHASIS.sub("", c2)
    style = (lead.group() if lead else "") + "|" + (trail.group() if trail else "") + ("|b" if emph else "")
    return c2.rstrip("。:："), style


def _numbering(c: str) -> tuple[int | None, str, str]:
    """(numeral 1..6 or None, title after it, numbering form)."""
    for pat, form in ((_NUMBERED, "cjk"), (_PART, "part"), (_ARABIC, "arabic")):
        m = pat.match(c)
        if m:
            num = m.group("num")
            n = int(num) if num.isdigit() else SECTION_NUMERALS.index(num) + 1
            return n, m.group("title"), form
    return None, c, ""


def _lines(nt: NormText) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for line in nt.text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        c, style = _unmarked(line)
        lead = line_start + (len(line) - len(line.lstrip()))
        out.append(_Line(lead, line_start + len(line), c, style))
    return out


def _candidates(nt: NormText, lines: list[_Line]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for ln in lines:
        c = ln.text
        if len(c) > _MAX_HEADING:
            out += _inline(nt, ln)
            continue
        if not c or _TOC_LEADER.search(c):
            continue
        if c.startswith("("):
            m = _PAREN.match(c)
            n = SECTION_NUMERALS.index(m.group("num")) + 1 if m else 0
            if m and _STRICT[n].match(m.group("title")):
                out.append(_Candidate(n, True, True, m.group("title"), ln.start, ln.end, ln.style + "paren",
                                      fallback=True))
            continue
        numeral, title, form = _numbering(c)
        if numeral is not None:
            for n, pat in _LENIENT.items():
                if not pat.search(title) or (n == 1 and "本年新收" in title):
                    continue
                if form == "arabic" and numeral != n:
                    break  # ``1.主动公开情况`` is a sub-item of part one, not part two
                out.append(_Candidate(n, True, numeral == n, title, ln.start, ln.end, ln.style + form))
                break
            continue
        for n, pat in _STRICT.items():
            if pat.match(c):
                out.append(_Candidate(n, False, False, c, ln.start, ln.end, ln.style))
                break
    return out


def _inline(nt: NormText, ln: _Line) -> list[_Candidate]:
    """Headings inside a long line, by their full official wording after the numeral."""
    out = []
    for m in _INLINE.finditer(nt.text, ln.start, ln.end):
        n = int(next(k for k, v in m.groupdict().items() if v)[1:])
        title = re.sub(r"^(?:第.部分|.)\s*[、.:：]?\s*", "", m.group())
        out.append(_Candidate(n, True, True, title, m.start(), m.end(), "inline", inline=True))
    return out


def _guess(lines: list[_Line], n: int, lo: int, hi: int, styles: set[str]) -> list[_Candidate]:
    """Heading-like lines in [lo, hi) that may be section ``n`` by number (or by markup alone,
    when the sections found around it wear the same markup)."""
    out = []
    for ln in lines:
        if ln.start < lo or ln.start >= hi:
            continue
        c = ln.text
        if not c or len(c) > _MAX_GUESS or re.search(r"[。；;，,]", c) or _TABLE_LABEL.search(c):
            continue
        numeral, title, form = _numbering(c)
        if form == "cjk" and not re.match(r"^.\s*[、.]", c):
            continue  # ``六是…``: an enumeration in the text, not a numbered heading
        if numeral == n and (form != "arabic" or ln.style + form in styles):
            out.append(_Candidate(n, True, True, title, ln.start, ln.end, ln.style + form, guessed=True))
        elif numeral is None and ln.style.strip("|") and ln.style in styles:
            out.append(_Candidate(n, False, False, c, ln.start, ln.end, ln.style, guessed=True))
    return out


def find_sections(nt: NormText) -> list[Section]:
    return locate_sections(nt)[0]


def locate_sections(nt: NormText) -> tuple[list[Section], list[ParseWarning]]:
    """Sections in document order with original offsets (each ends at the next one), and
    the doubts about headings that were placed by number and position only."""
    chosen: dict[int, _Candidate] = {}
    floor = 0
    lines = _lines(nt)
    cands = _without_contents(_candidates(nt, lines), lines)
    for n in range(1, 7):
        pool = [c for c in cands if c.number == n and c.start >= floor]
        if not pool:
            continue
        # Prefer a heading line to one inside a long line, a heading with the right numeral,
        # then any numbered one, then a bare one; ``（三）…`` only when nothing else is there.
        best = min(pool, key=lambda c: (c.fallback, c.inline, not c.numeral_ok, not c.numbered, c.start))
        chosen[n] = best
        floor = best.end
    warnings = _fill_gaps(nt, lines, chosen)
    ordered = sorted(chosen.values(), key=lambda c: c.start)
    sections: list[Section] = []
    for i, c in enumerate(ordered):
        nxt = ordered[i + 1].start if i + 1 < len(ordered) else len(nt.text)
        start, _ = nt.span(c.start, c.start + 1)
        end = nt.orig(nxt) if nxt < len(nt.text) else nt.original_length
        hs = nt.span(c.start, c.end)
        sections.append(Section(c.number, c.title, start, end, hs, numbered=c.numbered))
    return sections, warnings


def _without_contents(cands: list[_Candidate], lines: list[_Line]) -> list[_Candidate]:
    """Drop the headings of a table of contents: a heading line followed at once by the
    heading of the next part, where the same part's heading comes again later."""
    starts = [ln.start for ln in lines]
    by_start = {c.start: c for c in cands if not c.inline}
    drop = set()
    for c in cands:
        if c.inline or c.start not in starts:
            continue
        i = starts.index(c.start)
        nxt = by_start.get(starts[i + 1]) if i + 1 < len(starts) else None
        if nxt is not None and nxt.number == c.number + 1 and any(
                o.number == c.number and o.start > nxt.start for o in cands):
            drop.add(id(c))
    return [c for c in cands if id(c) not in drop]


def _fill_gaps(nt: NormText, lines: list[_Line], chosen: dict[int, _Candidate]) -> list[ParseWarning]:
    """A section not found by its title: a heading-like line with its number, in the place
    between its neighbours, is taken for it — with a doubt."""
    warnings: list[ParseWarning] = []
    if not chosen:
        return warnings
    styles = {c.style for c in chosen.values() if c.style and c.style != "inline"}
    for n in range(1, 7):
        if n in chosen:
            continue
        before = [c for k, c in chosen.items() if k < n]
        after = [c for k, c in chosen.items() if k > n]
        lo = max((c.end for c in before), default=0)
        hi = min((c.start for c in after), default=len(nt.text))
        if lo >= hi:
            continue
        guesses = _guess(lines, n, lo, hi, styles)
        if not guesses:
            continue
        g = guesses[0]
        chosen[n] = g
        head = nt.text[g.start:g.end].strip()
        name = f"第{SECTION_NUMERALS[n - 1]}部分“{SECTION_TITLES[n]}”"
        more = f"（此处另有{len(guesses) - 1}个相似标题）" if len(guesses) > 1 else ""
        warnings.append(ParseWarning(
            "section-guessed",
            f"标题“{head}”不是{name}的规范写法，按其编号和位置视为{name}{more}，请核对。",
            nt.span(g.start, g.end), f"第{SECTION_NUMERALS[n - 1]}部分标题"))
    return warnings
