"""File names for the documents of each unit: readable, unique in the folder, valid on Windows.

A unit's name comes from the report (untrusted text): it may hold characters Windows
forbids in file names (``\\ / : * ? " < > |``), control characters, trailing dots or
spaces, a reserved device name (``CON``, ``LPT1`` …), or be very long. The name is made
safe without losing what identifies it, and two reports of one unit and year get
``（2）``, ``（3）`` … — compared without regard to case, as Windows does.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]')
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
#: Characters kept of a unit's name: the folder path plus a name must stay well under
#: the 260 characters old Windows programs accept.
UNIT_MAX = 60
UNKNOWN_UNIT = "未识别单位"


def safe_part(text: str, limit: int = UNIT_MAX) -> str:
    """``text`` as one piece of a Windows file name ("" when nothing usable is left)."""
    text = unicodedata.normalize("NFC", text or "")
    text = _FORBIDDEN.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")
    text = text[:limit].rstrip(" .")
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
    return text


def unit_base(org: str | None, year: int | None, fallback: str = "") -> str:
    """``<单位>_<年度>``: what the files of one report are named after."""
    other = safe_part(Path(fallback).stem if fallback else "", 40)
    unit = safe_part(org or "") or (f"{UNKNOWN_UNIT}_{other}" if other else UNKNOWN_UNIT)
    return f"{unit}_{year if year else '年度不详'}"


def suffixes(bases: list[str], taken: set[str] | None = None) -> list[str]:
    """For each base (in order), "" or "（2）", "（3）" … so that no two are the same.

    Compared without regard to case, as Windows compares file names.
    """
    seen = {s.casefold() for s in (taken or set())}
    out = []
    for base in bases:
        suffix, n = "", 1
        while (base + suffix).casefold() in seen:
            n += 1
            suffix = f"（{n}）"
        seen.add((base + suffix).casefold())
        out.append(suffix)
    return out
