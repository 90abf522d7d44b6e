"""Making report text safe to put in a spreadsheet cell.

Report text comes from files we do not control. A cell that starts with ``=`` (or
``+ - @``, tab, CR) is what spreadsheet programs treat as a formula when the cell is
typed in or re-imported, so the checklist must never let text become one
(formula injection). XML 1.0 forbids most control characters (openpyxl refuses them),
and a cell holds at most 32 767 characters: both would otherwise make the export fail.
"""
from __future__ import annotations

import re

#: Characters that make Excel/WPS read the start of a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: The most characters (UTF-16 code units) Excel keeps in one cell.
CELL_LIMIT = 32767

TRUNCATION_MARKER = "……（内容过长，已截断；原文共 {n} 字）"

# C0 controls except newline, DEL and C1 controls, lone surrogates, the XML non-characters
# U+FFFE/U+FFFF, and the bidirectional overrides that can make a cell read backwards.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n?")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would treat ``text`` as a formula if it were typed in."""
    return text.startswith(FORMULA_PREFIXES)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clean_text(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` without control characters, with CR/CRLF as LF and tabs as spaces, cut to
    ``limit`` UTF-16 units (what Excel counts) with a visible marker saying so."""
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    text = _CONTROL.sub("", text)
    # Cheap test first: a string of n code points has between n and 2n UTF-16 units.
    if len(text) * 2 <= limit or _utf16_len(text) <= limit:
        return text
    marker = TRUNCATION_MARKER.format(n=len(text))
    room = limit - _utf16_len(marker)
    cut = text[:room]
    while (excess := _utf16_len(cut) - room) > 0:  # astral characters take two units each
        cut = cut[: len(cut) - excess]
    return cut + marker
