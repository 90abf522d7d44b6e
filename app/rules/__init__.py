"""Rule engine entry point (the rule catalogue lands with its own issue)."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model import Finding, ParseWarning, Report


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)


def check(report: Report, config=None) -> RuleOutcome:
    """Run every enabled rule on ``report``."""
    return RuleOutcome()
