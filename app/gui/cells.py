"""Look up the Value a CellRef names in a report (the same naming findings use)."""
from __future__ import annotations

from app.model import AuditResult, CellRef, Value


def value_at(result: AuditResult, ref: CellRef) -> Value | None:
    return result.report.cell(ref) if result.report is not None else None
