"""Issuing-body names: the forms one unit is written in, and when two names may be one unit.

A unit writes its name differently from year to year: “淮安市洪泽区人民政府” one year,
“洪泽区” the next; “XX街道办事处” and “XX街道”. The core of a name drops width, spaces
and punctuation (``unit_key``) and the 人民政府 / 办事处 suffix; a core may further carry
administrative-division prefixes (“昌乐县” in “昌乐县乔官镇”) that another year's name
lacks. Whether such a prefix difference really is one unit is decided in ``units.py``
(only when the match is unique); here are the string facts.
"""
from __future__ import annotations

import re
from functools import lru_cache

from app.workspace.identity import unit_key

SUFFIXES = ("人民政府", "办事处")
#: Characters that end an administrative-division name (a prefix one name may lack).
DIVISION_END = "省市县区旗州盟"
#: A short “政府” after a division name (“洪泽区政府”) is the same suffix, colloquially.
_SHORT_GOV = re.compile(r"(?<=[省市县区旗州盟镇乡])政府$")
#: What a unit's name ends with: a foreign name in a report is looked for only in these forms.
UNIT_ENDINGS = ("街道", "镇", "乡", "县", "区", "市", "旗", "局", "委员会", "委", "办公室", "中心", "管委会")
#: How a report names itself without its name (我镇, 本机关 …): read as the report's own name.
SELF_REFERENCE = re.compile(r"[我本](?:街道办事处|街道办|街道|机关|单位|部门|镇|乡|县|区|市|局|委|办|厅|中心)")


@lru_cache(maxsize=4096)
def core(org: str | None) -> str | None:
    """The name without width, spacing, punctuation and its 人民政府 / 办事处 suffix."""
    key = unit_key(org)
    if not key:
        return None
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key, changed = key[: -len(suffix)], True
        short = _SHORT_GOV.sub("", key)
        if short != key and len(short) >= 2:
            key, changed = short, True
    return key


def division_prefix_of(long: str, short: str) -> str | None:
    """The prefix ``long`` has and ``short`` lacks, when it is a division name (else None)."""
    if len(short) < 2 or len(long) <= len(short) or not long.endswith(short):
        return None
    prefix = long[: -len(short)]
    return prefix if len(prefix) >= 2 and prefix[-1] in DIVISION_END else None


@lru_cache(maxsize=4096)
def forms(org: str | None) -> tuple[str, ...]:
    """The ways a report may write this unit's name, longest first (for finding it in text).

    The full name, the core, and the core without each division prefix (“乔官镇” of
    “昌乐县乔官镇人民政府”); forms shorter than two characters are left out.
    """
    key, c = unit_key(org), core(org)
    out: set[str] = set()
    for name in (key, c):
        if name:
            out.add(name)
    if c:
        for i, ch in enumerate(c[:-1]):
            if ch in DIVISION_END and len(c) - i - 1 >= 2:
                out.add(c[i + 1:])
    return tuple(sorted((f for f in out if len(f) >= 2), key=lambda s: (-len(s), s)))


def distinctive_forms(org: str | None) -> tuple[str, ...]:
    """The forms specific enough to say “this unit is named here”: ≥ 3 characters, ending as a unit does."""
    return tuple(f for f in forms(org) if len(f) >= 3 and f.endswith(UNIT_ENDINGS)
                 and not SELF_REFERENCE.fullmatch(f))
