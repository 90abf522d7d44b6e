"""Re-check a revised report against an earlier checklist or an earlier report file.

This is how a re-check works without the earlier audit in the workspace (a colleague's
PC, a new installation): the exported checklist carries each finding's fingerprint and
place, and that is enough to say 已整改 / 未整改 / 新增 / 无法判断. Against an earlier
report *file*, that file is audited now and its findings (minus any dismissed in the
workspace) are the earlier set.
"""
from __future__ import annotations

from pathlib import Path

from app.audit import audit_file
from app.export.trace import ChecklistError, ChecklistEntry, read_checklist
from app.model import DECISIONS, AuditResult, Comparison, Decision
from app.workspace.identity import unit_key
from app.workspace.recheck import compare
from app.workspace.store import Workspace

CHECKLIST_SUFFIXES = (".xlsx", ".xlsm")


class RecheckError(Exception):
    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.message, self.code = message, code


def is_checklist(path: str | Path) -> bool:
    return Path(path).suffix.lower() in CHECKLIST_SUFFIXES


def entries_for(result: AuditResult, entries: list[ChecklistEntry], source: str) -> list[ChecklistEntry]:
    """The checklist rows about the unit and year of ``result``.

    A checklist of one report applies whatever the revision's title says (an org that is
    read differently must not silently empty the comparison); a batch checklist is
    narrowed to the same unit and year, and a revision that matches none is an error.
    """
    reports = {(unit_key(e.org), e.year) for e in entries}
    if len(reports) <= 1:
        return entries
    rep = result.report
    want = (unit_key(rep.org) if rep else None, rep.year if rep else None)
    chosen = [e for e in entries if (unit_key(e.org), e.year) == want]
    if not chosen:
        org = (rep.org if rep else None) or "（未识别单位）"
        year = (rep.year if rep else None) or "?"
        raise RecheckError(f"整改清单“{Path(source).name}”中没有“{org}”{year}年度的问题，无法复核。")
    return chosen


def against_checklist(result: AuditResult, checklist: str | Path) -> Comparison:
    try:
        entries = read_checklist(checklist)
    except ChecklistError as exc:
        raise RecheckError(exc.message) from exc
    chosen = entries_for(result, entries, str(checklist))
    quotes = {e.finding.fingerprint: e.quote for e in chosen}
    decisions = {e.finding.fingerprint: Decision(e.decision if e.decision in DECISIONS else "open")
                 for e in chosen}
    return compare([e.finding for e in chosen], decisions, result, previous_path=str(checklist),
                   quote_of=lambda f: quotes.get(f.fingerprint, ""))


def against_file(result: AuditResult, earlier_path: str | Path, ws: Workspace | None = None,
                 config=None) -> Comparison:
    if ws is not None:
        from app.workspace.pipeline import audit_recorded

        earlier = audit_recorded(str(earlier_path), ws, config)
    else:
        earlier = audit_file(str(earlier_path), config)
    if not earlier.ok:
        reason = earlier.error.message if earlier.error else ""
        raise RecheckError(f"无法读取原报告“{Path(earlier_path).name}”：{reason}")
    decisions = earlier.review.decisions if earlier.review is not None else {}
    own = earlier.review.own if earlier.review is not None else []
    text = earlier.report.text if earlier.report is not None else ""
    return compare(list(earlier.findings) + own, decisions, result, previous_path=str(earlier_path),
                   previous_doc=earlier.review.doc_id if earlier.review else None,
                   quote_of=lambda f: text[f.span[0]:f.span[1]] if f.span else "")


def recheck(result: AuditResult, against: str | Path, ws: Workspace | None = None, config=None) -> Comparison:
    """The comparison of ``result`` (the revised report) with ``against`` (checklist or report)."""
    if not Path(against).exists():
        raise RecheckError(f"找不到文件：{against}")
    if is_checklist(against):
        return against_checklist(result, against)
    return against_file(result, against, ws, config)

