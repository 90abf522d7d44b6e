"""Look up the Value a CellRef names in a report (the same naming findings use)."""
from __future__ import annotations

from app.model import AuditResult, CellRef, Value


def value_at(result: AuditResult, ref: CellRef) -> Value | None:
    report = result.report
    if report is None:
        return None
    if ref.table == "table3" and report.table3 is not None:
        row = report.table3.rows.get(str(ref.row))
    elif ref.table == "section2" and report.section2 is not None:
        row = report.section2.rows.get(str(ref.row))
    elif ref.table == "table4" and report.table4 is not None:
        vals = report.table4.values
        return vals[ref.col] if 0 <= ref.col < len(vals) else None
    else:
        return None
    if row is None or not 0 <= ref.col < len(row.values):
        return None
    return row.values[ref.col]
