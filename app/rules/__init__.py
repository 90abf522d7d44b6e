"""Rule engine entry point: run every enabled rule of the catalogue on a parsed Report.

A rule that raises is contained: its failure becomes a parse warning and the other
rules still run, so one bug never hides the rest of an audit.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from app.model import Finding, ParseWarning, Report

log = logging.getLogger(__name__)

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)


def registry() -> tuple:
    """Every rule described anywhere: the per-report catalogue and the cross-report rules."""
    from app.rules.catalogue import ALL_RULES
    from app.rules.cross import CROSS_RULES

    return (*ALL_RULES, *CROSS_RULES)


def check(report: Report, config=None) -> RuleOutcome:
    """Run every enabled rule on ``report``.

    ``config`` is a ``RuleConfig``; None means the user's settings file (or defaults).
    """
    from app.config import RuleConfig, load_config
    from app.rules.base import Context
    from app.rules.catalogue import ALL_RULES
    from app.rules.ocr_doubt import sift

    cfg = config if isinstance(config, RuleConfig) else load_config()
    ctx = Context(report=report, config=cfg)
    outcome = RuleOutcome()
    for problem in cfg.problems:
        ctx.warnings.append(ParseWarning("config", problem))
    for cls in ALL_RULES:
        if not cfg.enabled(cls.id):
            continue
        rule = cls()
        try:
            found, doubts = sift(cls.family, list(rule.run(report, ctx)), report)  # OCR: doubts, not findings
            ctx.warnings.extend(doubts)
        except Exception:  # a rule bug must not stop the others
            log.exception("rule %s failed", cls.id)
            ctx.warnings.append(ParseWarning(f"rule-failed:{cls.id}",
                                             f"检查“{cls.title}”时程序出错，未能完成该项检查。"))
        else:
            chosen = cfg.severity(cls.id)  # the auditor's 设置 may raise or lower a rule
            for f in found if chosen else ():
                f.severity = chosen
            outcome.findings.extend(found)
        outcome.rules_run.append(cls.id)
    outcome.findings.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 3), f.section or 9,
                                         f.span[0] if f.span else 10**9))
    outcome.warnings = ctx.warnings
    return outcome
