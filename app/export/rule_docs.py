"""What each rule checks, for the 规则说明 sheet.

The rule catalogue (``app.rules``) is the one place rules are described. It is looked up
defensively, through ``app.rules.registry()`` or ``app.rules.catalogue.ALL_RULES`` (also
``catalogue.registry`` / ``RULES``; items are objects, classes or dicts with id, severity,
title, doc, source), so that the checklist still says which rules produced its findings
when the catalogue is absent or shaped differently.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterable

from app.model import AuditResult

log = logging.getLogger(__name__)


@dataclass
class RuleDoc:
    id: str
    severity: str = ""
    title: str = ""
    doc: str = ""
    source: str = ""  # the developer's note (may cite our specification)

    @property
    def basis(self) -> str:
        """What the rule rests on, in official documents only (for people)."""
        from app.rules.basis import basis

        return basis(self.id, self.source)


def _attr(obj: Any, *names: str) -> str:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value:
            return str(value)
    return ""


def _from_registry() -> dict[str, RuleDoc]:
    """The catalogue as ``id -> RuleDoc``; empty when ``app.rules.registry`` is missing."""
    try:
        import importlib

        import app.rules as rules

        registry = getattr(rules, "registry", None)
        if registry is None:  # the catalogue module may expose it before the package does
            try:
                catalogue = importlib.import_module("app.rules.catalogue")
            except ImportError:
                return {}
            registry = next((getattr(catalogue, name) for name in ("registry", "ALL_RULES", "RULES")
                             if getattr(catalogue, name, None) is not None), None)
        if registry is None:
            return {}
        items = registry() if callable(registry) else registry
        if isinstance(items, dict):
            items = items.values()
        docs = {}
        for item in items:
            rule_id = _attr(item, "id", "code", "rule")
            if rule_id:
                docs[rule_id] = RuleDoc(
                    id=rule_id,
                    severity=_attr(item, "severity"),
                    title=_attr(item, "title", "name"),
                    doc=_attr(item, "doc", "description", "__doc__").strip(),
                    source=_attr(item, "source", "basis"),
                )
        return docs
    except Exception:  # a broken catalogue must not stop the export
        log.exception("reading the rule registry failed")
        return {}


def rules_for(results: Iterable[AuditResult]) -> list[RuleDoc]:
    """The rules that ran on ``results`` (or produced a finding), described, sorted by id."""
    results = list(results)
    catalogue = _from_registry()
    wanted: dict[str, RuleDoc] = {}
    for r in results:
        for rule_id in r.rules_run:
            wanted.setdefault(rule_id, catalogue.get(rule_id) or RuleDoc(rule_id))
        for f in r.findings:
            doc = wanted.setdefault(f.rule, catalogue.get(f.rule) or RuleDoc(f.rule))
            # Without the catalogue, a finding still says what its rule is about.
            if not doc.title and f.title:
                doc.title = f.title
            if not doc.severity:
                doc.severity = f.severity
    return sorted(wanted.values(), key=lambda d: d.id)
