"""What a checklist carries back: each finding's identity, in hidden columns, and reading it again.

A unit returns a revised report months later, perhaps to a colleague whose workspace
is empty. The exported checklist is then the only record of what the unit was told, so
every finding row carries its fingerprint and the facts needed to judge it again (rule,
severity, cells, section, the words of an own finding) as JSON in a hidden column. The
visible columns may have been edited by the unit; the hidden ones are what is read.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.model import AuditResult, CellRef, Finding

FINGERPRINT_HEADER, TRACE_HEADER = "问题指纹", "定位数据"
TRACE_VERSION = 1
#: A hidden sheet with the fingerprints of the dismissed findings — no words of them, so
#: nothing dismissed reaches the unit — so that a re-check from the checklist alone does
#: not report them as new.
DISMISSED_SHEET = "复核数据"


class ChecklistError(Exception):
    """A checklist that cannot be used for a re-check; ``message`` is for the auditor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ChecklistEntry:
    """One finding as a checklist recorded it."""

    org: str
    year: int | None
    file: str
    finding: Finding
    quote: str = ""  # the words an own finding was attached to
    decision: str = "open"  # "confirmed" or "open" (undecided) when it was exported


def trace_json(result: AuditResult, f: Finding, quote: str = "") -> str:
    """The hidden 定位数据 of one finding row."""
    rep = result.report
    data = {
        "v": TRACE_VERSION, "fp": f.fingerprint, "rule": f.rule, "severity": f.severity, "title": f.title,
        "message": f.message, "suggestion": f.suggestion, "location": f.location, "section": f.section,
        "cells": [[c.table, c.row, c.col] for c in f.cells], "span": list(f.span) if f.span else None,
        "current": f.current, "expected": f.expected, "own": f.own, "quote": quote[:2000],
        "org": rep.org if rep else None, "year": rep.year if rep else None, "file": Path(result.path).name,
        "decision": result.decision(f).kind,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def dismissed_json(result: AuditResult, f: Finding) -> str:
    rep = result.report
    return json.dumps({"v": TRACE_VERSION, "fp": f.fingerprint, "rule": f.rule, "decision": "dismissed",
                       "org": rep.org if rep else None, "year": rep.year if rep else None,
                       "file": Path(result.path).name}, ensure_ascii=False, separators=(",", ":"))


def write_dismissed_sheet(wb, results) -> None:
    """The hidden 复核数据 sheet (see ``DISMISSED_SHEET``)."""
    ws = wb.create_sheet(DISMISSED_SHEET)
    ws.append([FINGERPRINT_HEADER, TRACE_HEADER])
    for r in results:
        for f in r.findings:
            if r.decision(f).kind == "dismissed":
                ws.append([f.fingerprint, dismissed_json(r, f)])
    ws.sheet_state = "hidden"


def _finding(data: dict) -> Finding:
    cells = [CellRef(str(t), int(r) if t == "table4" else str(r), int(c)) for t, r, c in data.get("cells") or []]
    span = data.get("span")
    return Finding(rule=str(data["rule"]), severity=data.get("severity", "info"), message=data.get("message", ""),
                   suggestion=data.get("suggestion", ""), cells=cells, span=tuple(span) if span else None,
                   title=data.get("title", ""), location=data.get("location", ""), current=data.get("current"),
                   expected=data.get("expected"), section=data.get("section"), fingerprint=str(data["fp"]),
                   own=bool(data.get("own")))


def read_checklist(path: str | Path) -> list[ChecklistEntry]:
    """Every finding row of an exported checklist (any sheet with the hidden 定位数据 column)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ChecklistError(f"无法打开整改清单“{Path(path).name}”：文件不是有效的 Excel 工作簿（{type(exc).__name__}）。") from exc
    entries: list[ChecklistEntry] = []
    found_column = False
    try:
        for ws in wb.worksheets:
            column = None
            for row in ws.iter_rows(values_only=True):
                if column is None:
                    if row and TRACE_HEADER in row:
                        column = row.index(TRACE_HEADER)
                        found_column = True
                    continue
                raw = row[column] if column < len(row) else None
                if not isinstance(raw, str) or not raw.startswith("{"):
                    continue
                try:
                    data = json.loads(raw)
                    entries.append(ChecklistEntry(org=data.get("org") or "", year=data.get("year"),
                                                  file=data.get("file") or "", finding=_finding(data),
                                                  quote=data.get("quote") or "",
                                                  decision=str(data.get("decision") or "open")))
                except (ValueError, KeyError, TypeError):
                    continue  # a row the unit edited beyond recognition: skipped, the rest stands
    finally:
        wb.close()
    if not found_column:
        raise ChecklistError(f"“{Path(path).name}”不是本软件导出的整改清单（没有问题指纹），无法用于复核。")
    return entries
