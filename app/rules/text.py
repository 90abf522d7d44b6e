"""Text helpers for the rules: label comparison and the narrative as one searchable line.

PDF text breaks sentences across lines ("答\\n复 3050 件") and tables sit in the middle
of sections; the narrative rules search a copy with the tables blanked out and line
breaks removed, and map every match back to an offset in ``Report.text``.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from app.model import Report, Span
from app.normalize import NormText, _t2s_table, _traditional_count, normalize

# Variant characters that the OpenCC table leaves alone but that are the same in a label.
_LABEL_VARIANTS = str.maketrans({"於": "于", "覆": "复"})
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)(?=\D)")


@lru_cache(maxsize=4096)
def compact_label(text: str) -> str:
    """A label reduced to what matters: width, whitespace, punctuation and numbering ignored."""
    s = normalize(text, t2s=True).text.translate(_LABEL_VARIANTS)
    s = "".join(ch for ch in s if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S")))
    return _NUMBERING.sub("", s)


def is_annotated(found: str, canonical: str) -> bool:
    """True when ``found`` is the canonical label plus a note in its closing bracket.

    e.g. “本年收费金额(单位:万元,保留4位小数)” for “本年收费金额（单位：万元）”: a local
    filling instruction, not a changed label.
    """
    f, c = compact_label(found), compact_label(canonical)
    tail = unicodedata.normalize("NFKC", found).rstrip()
    return len(f) > len(c) and f.startswith(c) and tail.endswith(")")


@dataclass
class Flat:
    """Narrative text without line breaks (tables blanked), with the map back to the report text."""

    text: str
    norm: NormText  # the normalised text the flat text was cut from
    breaks: list[int]  # flat offset at which each removed line break stood

    def orig(self, i: int) -> int:
        return self.norm.orig(i + bisect_right(self.breaks, i))

    def span(self, start: int, end: int) -> Span:
        if not self.text:
            return (0, 0)
        last = min(max(end - 1, start), len(self.text) - 1)
        return (self.orig(min(start, len(self.text) - 1)), self.orig(last) + 1)


def is_traditional(report: Report) -> bool:
    """Whether the report is written in traditional characters (then texts are converted).

    The same test the reader's normaliser applies (a handful of distinct traditional characters).
    """
    table = _t2s_table()
    return bool(table) and _traditional_count(report.text, table) >= 8


def plain(text: str, traditional: bool) -> str:
    """Text for keyword search: NFKC, folded punctuation, simplified characters."""
    return normalize(text, t2s=traditional).text


def table_spans(report: Report) -> list[Span]:
    spans = []
    for part in (report.section2, report.table3, report.table4):
        if part is not None and part.span:
            spans.append(part.span)
    return spans


_NOT_BREAK = re.compile(r"[^\n\r]")
_BREAK = re.compile(r"[\n\r\f]")


def flat_narrative(report: Report, traditional: bool | None = None) -> Flat:
    """The report text normalised, with table spans blanked out and line breaks removed."""
    text = report.text
    for a, b in sorted(table_spans(report)):
        a, b = max(a, 0), min(b, len(text))
        if a < b:
            text = text[:a] + _NOT_BREAK.sub(" ", text[a:b]) + text[b:]
    nt = normalize(text, t2s=is_traditional(report) if traditional is None else traditional)
    breaks = [m.start() - k for k, m in enumerate(_BREAK.finditer(nt.text))]
    return Flat(_BREAK.sub("", nt.text), nt, breaks)
