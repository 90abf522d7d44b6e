"""The identity of a finding across runs and revisions of a report (its fingerprint).

A revised report changes its numbers; what stays is *which rule* fails *where*: the
row, column, section or label. The fingerprint is built from exactly that — the rule id
and the finding's place in the words of the template — and never from the message, the
current value or the text offsets, so "表三 自然人列 does not balance" is the same problem
whether the column is off by 3 or by 30. Two findings of one rule at one place in the
same report are told apart by their order.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from app.model import Finding

_SPACE = re.compile(r"\s+")

#: Rules that report one arithmetic problem of table 三 in different ways: which of them
#: speaks depends on what else is wrong (one wrong cell → T3-CELL at that cell; two in one
#: column → the row and total equations at the same cells). At the same place they are the
#: same problem, so they share a fingerprint.
FAMILIES = {"T3-CELL": "T3-ARITH", "T3-ROW-SUM": "T3-ARITH", "T3-TOTAL-SUM": "T3-ARITH",
            "T3-COL-BALANCE": "T3-ARITH"}


def _place(f: Finding) -> str:
    location = unicodedata.normalize("NFKC", f.location or "")
    location = _SPACE.sub("", location)
    if not location and f.cells:  # a finding without a location is named by its cells
        location = ",".join(sorted(f"{c.table}:{c.row}:{c.col}" for c in f.cells))
    return f"{f.section or ''}|{location}"


def fingerprint(rule: str, place: str, ordinal: int = 0) -> str:
    """``RULE:hash`` — readable rule id (or family), short hash of the place (and the ordinal when > 0)."""
    key = f"{rule}|{place}" + (f"|#{ordinal}" if ordinal else "")
    return f"{rule}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def assign(findings: Iterable[Finding]) -> None:
    """Give every finding its fingerprint (in place); the order of ``findings`` is kept."""
    seen: dict[tuple[str, str], int] = {}
    for f in findings:
        if f.own:
            continue  # the auditor's own findings keep the id they were stored with
        place = _place(f)
        family = FAMILIES.get(f.rule, f.rule)
        n = seen.get((family, place), 0)
        seen[(family, place)] = n + 1
        f.fingerprint = fingerprint(family, place, n)
