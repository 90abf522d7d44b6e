"""Text helpers for the rules: label comparison and the narrative as one searchable line.

PDF text breaks sentences across lines ("答\\n复 3050 件") and tables sit in the middle
of sections; the narrative rules search a copy with the tables blanked out and line
breaks removed, and map every match back to an offset in ``Report.text``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.model import Report, Span
from app.normalize import normalize

# Variant characters that the OpenCC table leaves alone but that are the same in a label.
_LABEL_VARIANTS = str.maketrans({"於": "于", "覆": "复"})
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)(?=\D)")


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
    offsets: list[int]

    def span(self, start: int, end: int) -> Span:
        if not self.offsets:
            return (0, 0)
        a = self.offsets[min(start, len(self.offsets) - 1)]
        b = self.offsets[min(max(end - 1, start), len(self.offsets) - 1)] + 1
        return (a, b)


def is_traditional(report: Report) -> bool:
    """Whether the report is written in traditional characters (then texts are converted)."""
    return normalize(report.text).text != normalize(report.text, t2s=False).text


def plain(text: str, traditional: bool) -> str:
    """Text for keyword search: NFKC, folded punctuation, simplified characters."""
    return normalize(text, t2s=traditional).text


def table_spans(report: Report) -> list[Span]:
    spans = []
    for part in (report.section2, report.table3, report.table4):
        if part is not None and part.span:
            spans.append(part.span)
    return spans


def flat_narrative(report: Report) -> Flat:
    """The report text normalised, with table spans blanked out and line breaks removed."""
    text = report.text
    masked = list(text)
    for a, b in table_spans(report):
        for i in range(max(a, 0), min(b, len(text))):
            if masked[i] not in "\n\r":
                masked[i] = " "
    nt = normalize("".join(masked), t2s=is_traditional(report))
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(nt.text):
        if ch in "\n\r\f":
            continue
        chars.append(ch)
        offsets.append(nt.orig(i))
    return Flat("".join(chars), offsets)
