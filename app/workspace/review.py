"""The auditor's review laid over a result: corrected cells, and the report's status.

A correction is a fix of the *reading*, not a finding: the corrected value replaces the
one read, the reading stays on the Value (``Value.correction``), and the rules run again
on the corrected tables — so a misread digit stops causing the error it caused, and
nothing new is reported because of the correction itself.
"""
from __future__ import annotations

from app.model import AuditResult, Correction, Number, Report

STATUS_TODO, STATUS_FIX, STATUS_PASS, STATUS_RECHECKED = "待审核", "需整改", "审核通过", "已复核"


def apply_corrections(report: Report, corrections: list[Correction]) -> list[Correction]:
    """Put the applied (not merely offered) corrections into ``report``; returns those applied.

    A correction whose cell no longer exists in the report is skipped, never invented.
    """
    applied = []
    for c in corrections:
        if c.offered:
            continue
        value = report.cell(c.ref)
        if value is None:
            continue
        if value.correction is None:
            c.read_value, c.read_raw = value.value, value.raw
        value.correction = c
        value.value = c.value
        applied.append(c)
    return applied


def undo_correction(report: Report, table: str, row: str | int, col: int) -> None:
    """Give a cell back the value that was read."""
    from app.model import CellRef

    value = report.cell(CellRef(table, row, col))
    if value is not None and value.correction is not None:
        value.value = value.correction.read_value
        value.correction = None


def readings(report: Report | None) -> dict[tuple[str, str, int], tuple[Number | None, str]]:
    """Every table cell as read (before corrections): ``(table, row, col) -> (value, raw)``."""
    out: dict[tuple[str, str, int], tuple[Number | None, str]] = {}
    if report is None:
        return out
    for table_name, table in (("table3", report.table3), ("section2", report.section2)):
        if table is None:
            continue
        for key, row in table.rows.items():
            for col, v in enumerate(row.values):
                read = v.correction.read_value if v.correction else v.value
                out[(table_name, key, col)] = (read, v.correction.read_raw if v.correction else v.raw)
    if report.table4 is not None:
        for col, v in enumerate(report.table4.values):
            read = v.correction.read_value if v.correction else v.value
            out[("table4", "0", col)] = (read, v.correction.read_raw if v.correction else v.raw)
    return out


def default_status(result: AuditResult) -> str:
    """The status a report has until the auditor sets one.

    需整改 when a confirmed error or warning stands, or a revision still has open or new
    problems; 已复核 for a revision with none; 待审核 while an error or warning is
    undecided or the reading is in doubt; else 审核通过.
    """
    if not result.ok:
        return STATUS_TODO
    standing = [f for f in result.all_findings() if f.severity in ("error", "warning")]
    kinds = {result.decision(f).kind for f in standing}
    if "confirmed" in kinds:
        return STATUS_FIX
    comparison = result.review.comparison if result.review is not None else None
    if comparison is not None:
        return STATUS_FIX if comparison.still_open or comparison.new else STATUS_RECHECKED
    if "open" in kinds or result.warnings:
        return STATUS_TODO
    return STATUS_PASS


def status(result: AuditResult) -> str:
    """The auditor's status if set, else the default."""
    if result.review is not None and result.review.status:
        return result.review.status
    return default_status(result)
