"""The machine-readable audit result (``../shared/spec/report-json.md``), from AuditResult."""
from __future__ import annotations

import json
import math
from typing import Any, TextIO

from app.model import AuditResult, Finding, ParseWarning, Report, TableRow
from app.template import t3_keys

SCHEMA = 1


def _finite(value):
    """A figure for the JSON: None for inf/nan (strict JSON has neither)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _row_values(row: TableRow | None) -> list | None:
    if row is None:
        return None
    return [_finite(v.value) for v in row.values]


def _section2(report: Report) -> dict | None:
    s2 = report.section2
    if s2 is None:
        return None
    out: dict[str, Any] = {"layout": s2.layout}
    for key, row in s2.rows.items():
        vals = _row_values(row)
        out[key] = vals if len(vals) > 1 else vals[0]
    for key in ("regulations", "normative_docs"):
        out.setdefault(key, [None, None, None])
    for key in ("licensing", "punishment", "enforcement", "fees"):
        out.setdefault(key, None)
    return out


def _table3(report: Report) -> dict | None:
    t3 = report.table3
    if t3 is None:
        return None
    rows = {}
    for key in t3_keys(t3.layout):
        row = t3.rows.get(key)
        rows[key] = _row_values(row) if row else [None] * 7
    return {"layout": t3.layout, "rows": rows}


def finding_json(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "suggestion": f.suggestion,
        "cells": [{"table": c.table, "row": c.row, "col": c.col} for c in f.cells],
        "span": list(f.span) if f.span else None,
        "title": f.title,
        "location": f.location,
        "current": f.current,
        "expected": f.expected,
        "section": f.section,
        "fingerprint": f.fingerprint,
        "related": [related_json(r) for r in f.related],
    }


def related_json(r) -> dict:
    """The other report of a cross-report finding (``Finding.related``)."""
    out = {"file": r.file, "cells": [{"table": c.table, "row": c.row, "col": c.col} for c in r.cells],
           "span": list(r.span) if r.span else None}
    if r.org is not None:
        out["org"] = r.org
    if r.year is not None:
        out["year"] = r.year
    return out


def reviewed_finding_json(result: AuditResult, f: Finding) -> dict:
    """A finding with the auditor's decision on it (only when the result comes from a workspace)."""
    out = finding_json(f)
    d = result.decision(f)
    out["decision"] = d.kind
    if d.reason:
        out["reason"] = d.reason
    if d.comment:
        out["comment"] = d.comment
    if f.own:
        out["own"] = True
        if f.deadline:
            out["deadline"] = f.deadline
    return out


def review_json(result: AuditResult) -> dict | None:
    """The report's review state: status, corrections, and the re-check of a revision."""
    rv = result.review
    if rv is None:
        return None
    from app.workspace.review import status

    out: dict[str, Any] = {"status": status(result), "status_set": rv.status is not None,
                           "corrections": [{"table": c.table, "row": c.row, "col": c.col, "value": c.value,
                                            "read": c.read_value, "raw": c.read_raw, "applied": not c.offered}
                                           for c in rv.corrections]}
    if rv.comparison is not None:
        out["recheck"] = {"against": rv.comparison.previous_path, **rv.comparison.counts()}
    return out


def warning_json(w: ParseWarning) -> dict:
    return {"code": w.code, "message": w.message, "span": list(w.span) if w.span else None,
            "location": w.location}


def report_json(result: AuditResult) -> dict:
    out: dict[str, Any] = {
        "file": result.path,
        "status": result.status,
        "error": {"code": result.error.code, "message": result.error.message} if result.error else None,
    }
    r = result.report
    if r is None:
        out.update({"org": None, "year": None, "template": "unknown", "published": None,
                    "sections": [], "text": result.document.text if result.document else "",
                    "section2": None, "table3": None, "table4": None, "findings": [],
                    "parse_warnings": [warning_json(w) for w in result.warnings]})
        return out
    out.update({
        "org": r.org,
        "year": r.year,
        "template": r.template,
        "published": r.published.isoformat() if r.published else None,
        "sections": [{"number": s.number, "title": s.title, "start": s.start, "end": s.end}
                     for s in r.sections],
        "text": r.text,
        "section2": _section2(r),
        "table3": _table3(r),
        "table4": [_finite(v.value) for v in r.table4.values] if r.table4 else None,
        "findings": ([reviewed_finding_json(result, f) for f in result.all_findings()] if result.review is not None
                     else [finding_json(f) for f in result.findings]),
        "parse_warnings": [warning_json(w) for w in result.warnings],
        "format": result.document.format if result.document else None,
        "title": r.title,
        "statistic_period": (
            {"start": r.period.start.isoformat() if r.period.start else None,
             "end": r.period.end.isoformat() if r.period.end else None,
             "raw": r.period.raw} if r.period else None),
        "rules_run": result.rules_run,
    })
    if result.review is not None:
        out["review"] = review_json(result)
    return out


def document_json(results: list[AuditResult]) -> dict:
    return {"schema": SCHEMA, "reports": [report_json(r) for r in results]}


def strict(obj: Any) -> Any:
    """``obj`` with every non-finite float (inf, nan) replaced by None: the JSON stays strict."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: strict(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [strict(v) for v in obj]
    return obj


def dumps_strict(obj: Any, indent: int | None = 1) -> str:
    """JSON text that every parser accepts: never ``Infinity`` or ``NaN``."""
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:  # a non-finite number slipped through: unknown, as everywhere else
        return json.dumps(strict(obj), ensure_ascii=False, indent=indent, allow_nan=False)


class JsonStream:
    """Writes the ``document_json`` document one report at a time, as each is ready.

    The bytes are those of ``json.dump(document_json(results), indent=1)``; streaming
    means a batch that is stopped half-way has already written every report it read.
    """

    def __init__(self, out: TextIO, no_text: bool = False) -> None:
        self.out = out
        self.no_text = no_text
        self.count = 0
        out.write('{\n "schema": %d,\n "reports": [' % SCHEMA)
        out.flush()

    def add(self, result: AuditResult) -> None:
        rep = report_json(result)
        if self.no_text:
            rep.pop("text", None)
        body = "\n".join("  " + line for line in dumps_strict(rep).split("\n"))
        self.out.write(("\n" if self.count == 0 else ",\n") + body)
        self.out.flush()
        self.count += 1

    def close(self) -> None:
        self.out.write("\n ]\n}" if self.count else "]\n}")
        self.out.flush()
