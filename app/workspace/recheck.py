"""Re-check of a revised report: what became of each problem the unit was told about.

The earlier problems are those that went out — confirmed or undecided errors and
warnings, confirmed infos, and the auditor's own findings; dismissed ones never went
out. Each is 已整改 (its fingerprint is gone and the place it concerned can be read),
未整改 (the same rule fails at the same place, whatever the numbers are now) or 无法判断
(the place can no longer be read, or the rule could not judge it). A current problem
whose fingerprint was never seen before is 新增. Findings the auditor dismissed on the
revision take no part.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from app.model import AuditResult, Comparison, Decision, Finding

_TABLE_PREFIX = {"表二": "section2", "表三": "table3", "表四": "table4"}


def went_out(f: Finding, decision: Decision) -> bool:
    """Whether an earlier finding was part of what the unit had to correct."""
    if f.own:
        return True
    if decision.kind == "dismissed":
        return False
    return f.severity in ("error", "warning") or decision.kind == "confirmed"


def _tables(f: Finding) -> set[str]:
    tables = {c.table for c in f.cells}
    for prefix, table in _TABLE_PREFIX.items():
        if f.location.startswith(prefix):
            tables.add(table)
    return tables


def assessable(f: Finding, result: AuditResult) -> bool:
    """Whether the revised report lets the rule of ``f`` judge the place ``f`` concerned."""
    report = result.report
    if not result.ok or report is None:
        return False
    if f.rule not in result.rules_run:
        return False
    if any(w.code == f"not-assessed:{f.rule}" for w in result.warnings):
        return False
    present = {"section2": report.section2, "table3": report.table3, "table4": report.table4}
    if any(present.get(t) is None for t in _tables(f)):
        return False
    return all((v := report.cell(c)) is not None and v.known for c in f.cells)


def compare(earlier: Iterable[Finding], earlier_decisions: dict[str, Decision], result: AuditResult,
            previous_path: str = "", previous_doc: int | None = None,
            quote_of: Callable[[Finding], str] | None = None) -> Comparison:
    """Compare the earlier findings (with their decisions) with the revised ``result``.

    ``quote_of`` gives the words an own finding was attached to: if they are still in the
    revised text the problem is still there, otherwise it cannot be judged by a tool.
    """
    earlier = list(earlier)
    quotes = {f.fingerprint: quote_of(f) for f in earlier if f.own} if quote_of else {}
    return _compare(Comparison(previous_path=previous_path, previous_doc=previous_doc, earlier=earlier,
                               earlier_decisions=dict(earlier_decisions), quotes=quotes), result)


def recompare(comparison: Comparison, result: AuditResult) -> Comparison:
    """The same comparison after ``result`` changed (a correction, a decision on the revision)."""
    return _compare(Comparison(previous_path=comparison.previous_path, previous_doc=comparison.previous_doc,
                               earlier=comparison.earlier, earlier_decisions=comparison.earlier_decisions,
                               quotes=comparison.quotes), result)


def _compare(comparison: Comparison, result: AuditResult) -> Comparison:
    earlier, earlier_decisions = comparison.earlier, comparison.earlier_decisions
    current = {f.fingerprint: f for f in result.findings if result.decision(f).kind != "dismissed"}
    text = result.report.text if result.report is not None else ""
    for f in earlier:
        decision = Decision("confirmed") if f.own else earlier_decisions.get(f.fingerprint, Decision())
        if not went_out(f, decision):
            continue
        if f.own:
            quote = comparison.quotes.get(f.fingerprint, "")
            (comparison.still_open if quote and len(quote) >= 4 and quote in text else comparison.unknown).append(f)
        elif f.fingerprint in current:
            comparison.still_open.append(current[f.fingerprint])
        elif assessable(f, result):
            comparison.fixed.append(f)
        else:
            comparison.unknown.append(f)
    seen = {f.fingerprint for f in earlier}
    for fp, f in current.items():
        if fp not in seen and went_out(f, result.decision(f)):
            comparison.new.append(f)
    return comparison
