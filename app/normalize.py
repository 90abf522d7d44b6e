"""Normalised view of a report's text, with a map back to the original offsets.

Matching labels and headings needs one spelling of every character: full-width and
ASCII punctuation (（ vs (), full-width digits, ideographic and no-break spaces,
traditional characters from mirror sites. Findings, however, must point at the
characters of the text the auditor sees, so every normalised character remembers the
offset of the original character it came from.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Characters NFKC leaves alone but that mean the same in reports.
_EXTRA = str.maketrans({
    "\u3001": "、",  # keep the enumeration comma as is (explicit for readers)
    "\u2014": "—",
    "\u2015": "—",
    "\uff5e": "~",
    "\u301c": "~",
    "\u200b": " ",  # zero-width space behaves as a separator
    "\ufeff": " ",
    "\u00a0": " ",
    "\u3000": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
})


@dataclass(frozen=True)
class NormText:
    """``text`` is the normalised string; ``back[i]`` is the original offset of ``text[i]``."""

    text: str
    back: tuple[int, ...] | None  # None: identity map (same length, char for char)
    original_length: int

    def orig(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (``i`` may equal ``len(text)``)."""
        if self.back is None:
            return i
        if i >= len(self.back):
            return self.original_length
        return self.back[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalised span [start, end)."""
        if self.back is None:
            return start, end
        if end <= start:
            o = self.orig(start)
            return o, o
        return self.back[start], self.back[end - 1] + 1


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, character level, from the OpenCC data that ships with
    opencc-python-reimplemented (no network). Character-level keeps offsets 1:1."""
    table: dict[int, str] = {}
    try:
        import opencc  # type: ignore

        base = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
        for line in base.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
                table[ord(parts[0])] = parts[1]
    except Exception:  # the normaliser still works without the table
        return {}
    # Characters that are also ordinary simplified characters: never convert them.
    for ch in "著乾於藉瞭鍾餘麼夥佔檯週係":
        table.pop(ord(ch), None)
    return table


def _traditional_count(text: str, table: dict[int, str]) -> int:
    return sum(1 for ch in set(text) if ord(ch) in table)


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).translate(_EXTRA)


def normalize(text: str, t2s: bool | None = None) -> NormText:
    """NFKC + punctuation/space folding + traditional->simplified, keeping an offset map.

    ``t2s=None`` converts only texts that clearly are traditional (a handful of
    distinct traditional characters), so that a simplified report is left untouched."""
    table = _t2s_table()
    convert = bool(table) and (t2s if t2s is not None else _traditional_count(text, table) >= 8)
    fast = unicodedata.normalize("NFKC", text).translate(_EXTRA)
    if len(fast) == len(text):
        out = fast.translate(table) if convert else fast
        return NormText(out, None, len(text))
    chars: list[str] = []
    back: list[int] = []
    for i, ch in enumerate(text):
        n = _nfkc_char(ch) if ord(ch) > 127 else ch
        for c in n:
            chars.append(c)
            back.append(i)
    out = "".join(chars)
    if convert:
        out = out.translate(table)
    return NormText(out, tuple(back), len(text))


def norm(s: str) -> str:
    """Normalise a short string (a label, a cell) without an offset map."""
    return normalize(s, t2s=True).text


def compact(s: str) -> str:
    """Normalised, with all whitespace removed: the form labels are compared in."""
    return "".join(norm(s).split())
