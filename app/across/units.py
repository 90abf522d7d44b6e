"""Which reports come from the same unit: names first, the auditor's word above them.

Two names are one unit when they are the same after normalisation (``unit_key``), when
they differ only by the 人民政府 / 办事处 suffix, or when one carries a division prefix the
other lacks (“昌乐县乔官镇” / “乔官镇”) *and* no other unit fits as well. When several
units fit (“城关镇” beside “获嘉县城关镇” and “封丘县城关镇”), nothing is guessed: the
name is listed as ambiguous for the auditor, who links or unlinks by hand
(``app.workspace.units``). The auditor's links and unlinks always win.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.across.names import core, division_prefix_of

HOW_SAME, HOW_SUFFIX, HOW_PREFIX, HOW_MANUAL = "same", "suffix", "prefix", "manual"


@dataclass(frozen=True)
class Ambiguity:
    """A name that fits several units: shown to the auditor, never guessed."""

    key: str
    org: str
    candidates: tuple[tuple[str, str], ...]  # (unit_key, org) of each unit it may be


@dataclass
class UnitMap:
    """The units found among a set of names, and how each name was joined to its unit."""

    cluster: dict[str, str] = field(default_factory=dict)  # unit_key -> unit id (a representative key)
    how: dict[str, str] = field(default_factory=dict)  # unit_key -> how it joined its unit
    orgs: dict[str, str] = field(default_factory=dict)  # unit_key -> a name as written
    ambiguous: list[Ambiguity] = field(default_factory=list)

    def unit(self, key: str | None) -> str | None:
        return self.cluster.get(key, key) if key else None

    def same(self, a: str | None, b: str | None) -> bool:
        return bool(a and b) and self.unit(a) == self.unit(b)

    def ambiguity_of(self, key: str | None) -> Ambiguity | None:
        return next((a for a in self.ambiguous if a.key == key), None)

    def explain(self, a: str, b: str) -> str:
        """Why two different names were taken as one unit, in words for the auditor ('' when equal)."""
        if a == b:
            return ""
        hows = {self.how.get(a, HOW_SAME), self.how.get(b, HOW_SAME)}
        oa, ob = self.orgs.get(a, a), self.orgs.get(b, b)
        if HOW_MANUAL in hows:
            return f"审核人员已将“{oa}”与“{ob}”关联为同一单位"
        if core(oa) == core(ob):
            return f"“{oa}”与“{ob}”仅差“人民政府”“办事处”等后缀，视为同一单位"
        return f"“{oa}”与“{ob}”仅差县区前缀且没有其他同名单位，视为同一单位"


class _Sets:
    def __init__(self, keys: Iterable[str]):
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def members(self, root: str) -> list[str]:
        return [k for k in self.parent if self.find(k) == root]

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, other = (ra, rb) if ra < rb else (rb, ra)
            self.parent[other] = keep


def resolve(names: dict[str, str], links: Iterable = ()) -> UnitMap:
    """Units of ``names`` (unit_key -> org as written), with the auditor's ``links`` (UnitLink-like).

    Deterministic: the same names and links always give the same units.
    """
    links = list(links)
    names = dict(names)
    for link in links:  # a linked name need not be among this run's reports; it can still join two others
        names.setdefault(link.key_a, link.org_a)
        names.setdefault(link.key_b, link.org_b)
    keys = sorted(names)
    sets = _Sets(keys)
    how = {k: HOW_SAME for k in keys}
    apart = {frozenset((l.key_a, l.key_b)) for l in links if not l.linked}

    def allowed(a: str, b: str) -> bool:
        """No pair the auditor declared different may end up in one unit."""
        if not apart:
            return True
        ma, mb = sets.members(sets.find(a)), sets.members(sets.find(b))
        return not any(frozenset((x, y)) in apart for x in ma for y in mb)

    for link in sorted((l for l in links if l.linked), key=lambda l: (l.key_a, l.key_b)):
        if allowed(link.key_a, link.key_b):
            sets.union(link.key_a, link.key_b)
            how[link.key_a] = how[link.key_b] = HOW_MANUAL

    cores = {k: core(names[k]) or k for k in keys}
    by_core: dict[str, list[str]] = {}
    for k in keys:
        by_core.setdefault(cores[k], []).append(k)
    for group in by_core.values():
        for other in group[1:]:
            if allowed(group[0], other):
                if sets.find(group[0]) != sets.find(other) and how[other] == HOW_SAME:
                    how[other] = HOW_SUFFIX
                sets.union(group[0], other)

    ambiguous: list[Ambiguity] = []
    distinct = sorted(by_core, key=lambda c: (-len(c), c))
    ending: dict[str, list[str]] = {}  # every ending of two or more characters -> the names with it
    for c in distinct:
        for i in range(1, len(c) - 1):
            ending.setdefault(c[i:], []).append(c)
    for short in distinct:  # the longest names first: “卢氏县朱阳关镇” joins its city-prefixed form before “朱阳关镇” looks
        rep = by_core[short][0]
        longer = [c for c in ending.get(short, ()) if division_prefix_of(c, short)]
        if not longer:
            continue
        candidates = {sets.find(by_core[c][0]) for c in longer}
        candidates = {c for c in candidates if c != sets.find(rep)}
        if not candidates:
            continue
        if any(how.get(m) == HOW_MANUAL for m in sets.members(sets.find(rep))):
            continue  # the auditor already placed this unit
        fitting = sorted(c for c in candidates if allowed(rep, c))
        if len(fitting) == 1:
            for m in sets.members(sets.find(rep)):
                if how.get(m) == HOW_SAME:
                    how[m] = HOW_PREFIX
            sets.union(rep, fitting[0])
        elif len(fitting) > 1:
            ambiguous.append(Ambiguity(rep, names[rep], tuple((c, names[c]) for c in fitting)))
    cluster = {k: sets.find(k) for k in keys}
    return UnitMap(cluster, how, names, ambiguous)
