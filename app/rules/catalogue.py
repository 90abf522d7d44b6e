"""The registry: every rule, in the order it runs and is documented."""
from __future__ import annotations

from app.rules import layout, metadata, narrative, section2, structure, table3, table4
from app.rules.base import Rule

ALL_RULES: tuple[type[Rule], ...] = (
    *layout.RULES,
    *structure.RULES,
    *metadata.RULES,
    *section2.RULES,
    *table3.RULES,
    *table4.RULES,
    *narrative.RULES,
)


def rule_by_id(rule_id: str) -> type[Rule] | None:
    for r in ALL_RULES:
        if r.id == rule_id:
            return r
    return None
