"""Shared by the tests of what leaves the office: the samples audited as an auditor would, and readers.

``reviewed(tmp)`` audits every sample through a workspace and makes the decisions a
county auditor makes: it dismisses the local-only rule (with a reason), confirms the
errors, and adds an own finding to one report, so exports carry confirmed, undecided,
dismissed and own findings at once.
"""
from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from app.config import Office
from app.model import Finding
from fixture_paths import FIXTURES, SAMPLES

OFFICE = Office(name="某某县人民政府办公室", contact="王某某", phone="0000-12345678", fix_days=15)
TODAY = date(2025, 3, 5)
UNREADABLE = FIXTURES / "unreadable-synthetic.pdf"
OWN_MESSAGE = "第六部分未说明政务公开工作要点的落实情况。"
DISMISSED_RULE = "STR-RECTIFICATION"
DISMISS_REASON = "地方另有规定"


def sample_paths() -> list[str]:
    return sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".txt", ".pdf"))


def reviewed(tmp: Path, paths: list[str] | None = None) -> list:
    """The samples audited in a workspace at ``tmp/ws`` with an auditor's decisions applied."""
    from app.workspace import Workspace
    from app.workspace.pipeline import audit_recorded

    paths = paths or sample_paths()
    with Workspace.open(tmp / "ws") as ws:
        for p in paths:
            r = audit_recorded(p, ws)
            if not r.ok:
                continue
            doc = r.review.doc_id
            for f in r.findings:
                if f.rule == DISMISSED_RULE:
                    ws.set_decision(doc, f.fingerprint, "dismissed", DISMISS_REASON)
                elif f.severity == "error":
                    ws.set_decision(doc, f.fingerprint, "confirmed", comment="已与单位电话核实")
            if Path(p).name == "hongze-district-2024.pdf":
                ws.add_own_finding(doc, Finding(rule="MANUAL", severity="warning", own=True, section=6,
                                                location="第六部分", message=OWN_MESSAGE,
                                                suggestion="补充本年度政务公开工作要点落实情况。",
                                                deadline="2025-03-31"))
        return [audit_recorded(p, ws) for p in paths]


def header_row(ws) -> int:
    """The table's header row (the row above the frozen pane)."""
    return int(re.sub(r"[A-Z]", "", ws.freeze_panes)) - 1


def table(ws) -> list[dict]:
    """The data rows of a sheet under its header, as dicts keyed by the header."""
    h = header_row(ws)
    rows = list(ws.iter_rows(min_row=h, values_only=True))
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:] if any(c is not None for c in r)]


def all_strings(wb, visible_only: bool = False) -> list[str]:
    """Every string of a workbook (optionally only of visible sheets and columns)."""
    out = []
    for ws in wb.worksheets:
        if visible_only and ws.sheet_state != "visible":
            continue
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden} if visible_only else set()
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and getattr(cell, "column_letter", "") not in hidden:
                    out.append(cell.value)
        if visible_only:
            out += [ws.title, ws.oddFooter.left.text or "", ws.oddFooter.right.text or ""]
    return out


def docx_strings(path: Path) -> list[str]:
    """Every paragraph of a .docx, body, tables, headers and footers (read with python-docx)."""
    import docx

    doc = docx.Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        out += [c.text for row in t.rows for c in row.cells]
    for s in doc.sections:
        out += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return out


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")}
