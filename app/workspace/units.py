"""What the auditor decided about units across reports: manual links, and the county aggregate.

Names alone cannot always tell whether two reports come from the same unit (“城关镇” in
two counties); the cross-report checks (``app.across``) ask, and the answer is kept
here, by the normalised names (``unit_key``), so that it holds for every year and every
revision of those units. One transaction per action, like every auditor action.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.workspace.identity import unit_key
from app.workspace.store import Workspace, now


@dataclass(frozen=True)
class UnitLink:
    """Two issuing bodies declared the same unit (``linked``) or different units."""

    key_a: str
    key_b: str
    org_a: str
    org_b: str
    linked: bool
    at: str = ""


def _keys(org_a: str, org_b: str) -> tuple[tuple[str, str], tuple[str, str]]:
    ka, kb = unit_key(org_a), unit_key(org_b)
    if not ka or not kb:
        raise ValueError("a unit needs a name")
    if ka == kb:
        raise ValueError("the same name is always the same unit")
    return ((ka, org_a), (kb, org_b)) if ka < kb else ((kb, org_b), (ka, org_a))


def set_link(ws: Workspace, org_a: str, org_b: str, linked: bool) -> UnitLink | None:
    """Declare two bodies the same unit (``linked``) or different ones; returns the earlier decision."""
    (ka, oa), (kb, ob) = _keys(org_a, org_b)
    with ws._write() as c:
        row = c.execute("SELECT linked, org_a, org_b, at FROM unit_links WHERE key_a = ? AND key_b = ?",
                        (ka, kb)).fetchone()
        c.execute("INSERT OR REPLACE INTO unit_links(key_a, key_b, linked, org_a, org_b, at) VALUES (?,?,?,?,?,?)",
                  (ka, kb, int(linked), oa, ob, now()))
    return UnitLink(ka, kb, row[1], row[2], bool(row[0]), row[3]) if row else None


def clear_link(ws: Workspace, org_a: str, org_b: str) -> None:
    """Forget a decision: the names decide again."""
    (ka, _), (kb, _) = _keys(org_a, org_b)
    with ws._write() as c:
        c.execute("DELETE FROM unit_links WHERE key_a = ? AND key_b = ?", (ka, kb))


def links(ws: Workspace) -> list[UnitLink]:
    rows = ws._read("SELECT key_a, key_b, org_a, org_b, linked, at FROM unit_links ORDER BY at, key_a, key_b")
    return [UnitLink(a, b, oa, ob, bool(linked), at) for a, b, oa, ob, linked, at in rows]


def set_aggregate(ws: Workspace, org: str, aggregate: bool = True) -> None:
    """Mark (or unmark) a unit's report as the county's aggregate of the other units' reports."""
    key = unit_key(org)
    if not key:
        raise ValueError("a unit needs a name")
    with ws._write() as c:
        if aggregate:
            c.execute("INSERT OR REPLACE INTO aggregate_units(unit_key, org, at) VALUES (?,?,?)", (key, org, now()))
        else:
            c.execute("DELETE FROM aggregate_units WHERE unit_key = ?", (key,))


def aggregates(ws: Workspace) -> dict[str, str]:
    """``unit_key -> org`` of the units marked as the county aggregate."""
    return {k: org for k, org in ws._read("SELECT unit_key, org FROM aggregate_units ORDER BY unit_key")}
