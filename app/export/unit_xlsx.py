"""The checklist one unit receives: its own report's problems, one printable sheet.

What goes out is what the auditor confirmed or left undecided (the auditor's own
findings included); dismissed findings and doubts about the reading stay home. The
sheet prints on A4 landscape at 100 %: a title block (title, unit, report, auditor,
date, deadline), then nine printed columns — 序号, 位置, 性质, 问题, 现值 → 应为,
整改要求, 整改时限, 整改状态, 备注 — with the header repeated on every page. The quote
and the Chinese rule title sit beside them on screen (not printed); the rule code and
the finding's identity are hidden, carried so the returned workbook alone is enough
for a re-check (``app.export.trace``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import __version__
from app.config import Office
from app.export import values as v
from app.export.rule_docs import RuleDoc
from app.export.book import Book
from app.export.sheet import SEVERITY, Column, SheetWriter
from app.export.trace import FINGERPRINT_HEADER, TRACE_HEADER, trace_json, write_dismissed_sheet
from app.export.xlsx import STATUS_CHOICES, add_status_dropdown, set_properties
from app.model import SEVERITY_LABELS, AuditResult, Finding

SHEET = "整改清单"
UNIT_COLUMNS = (
    Column("序号", 5, True), Column("位置", 17), Column("性质", 6, True), Column("问题", 32),
    Column("现值 → 应为", 16), Column("整改要求", 28), Column("整改时限", 14.5, True), Column("整改状态", 9, True),
    Column("备注", 10),
    Column("原文摘录", 34, printed=False), Column("规则", 22, printed=False),
    Column("规则编号", 16, hidden=True), Column(FINGERPRINT_HEADER, 12, hidden=True), Column(TRACE_HEADER, 12, hidden=True),
)
NOTHING = "经审核，未发现需要整改的问题。"


@dataclass(frozen=True)
class Heading:
    """What the title block of one unit's documents says (shared with the Word notice)."""

    title: str
    unit: str
    report: str
    file: str
    office: Office
    today: date
    deadline: date


def heading(result: AuditResult, office: Office, today: date) -> Heading:
    y = v.year(result)
    unit = v.org_or_blank(result) or v.UNKNOWN_ORG
    title = f"{v.org_or_blank(result)}{f'{y}年' if y else ''}政府信息公开工作年度报告整改清单"
    return Heading(title=title, unit=unit, report=v.report_title(result), file=Path(result.path).name,
                   office=office, today=today, deadline=v.deadline_date(today, office.fix_days))


def counts_text(findings: list[Finding]) -> str:
    parts = [f"{SEVERITY_LABELS[s]} {n}" for s in ("error", "warning", "info")
             if (n := sum(1 for f in findings if f.severity == s))]
    return f"共 {len(findings)} 个问题（{'，'.join(parts)}）" if findings else "没有需要整改的问题"


def title_lines(h: Heading, findings: list[Finding]) -> list[str]:
    o = h.office
    auditor = [f"审核单位：{o.name or '（未填写）'}"]
    if o.contact:
        auditor.append(f"联系人：{o.contact}")
    if o.phone:
        auditor.append(f"联系电话：{o.phone}")
    when = [f"审核日期：{v.cn_date(h.today)}"]
    if findings:
        when.append(f"整改期限：{v.cn_date(h.deadline)}前")
    lines = [f"被审核单位：{h.unit}　　报告：《{h.report}》（文件：{h.file}）", "　　".join(auditor), "　　".join(when)]
    if findings:
        lines.append(f"{counts_text(findings)}。请逐条整改，在“整改状态”栏选择整改情况，整改期限前将本表和"
                     "修改后的年度报告一并反馈审核单位。")
    return lines


def build_unit_workbook(result: AuditResult, office: Office, today: date,
                        catalogue: dict[str, RuleDoc] | None = None) -> Book:
    """One unit's workbook in memory (``app.export.sendback`` saves it)."""
    catalogue = catalogue or {}
    h = heading(result, office, today)
    findings = v.in_report_order(result, result.outgoing())
    book = Book()
    ws = book.create_sheet(SHEET)
    w = SheetWriter(ws, UNIT_COLUMNS, title=h.title, info=title_lines(h, findings))
    sev = w.column_of("性质")
    for i, f in enumerate(findings, 1):
        doc = catalogue.get(f.rule)
        rule_title = v.OWN_LABEL if f.own else ((doc.title if doc else "") or f.title)
        row = w.append([
            i, v.place(result, f), SEVERITY_LABELS.get(f.severity, ""), f.message, v.change(f), f.suggestion,
            v.deadline_of(f, h.deadline), STATUS_CHOICES[0], "",
            v.excerpt_for(result, f), rule_title,
            "" if f.own else f.rule, f.fingerprint, trace_json(result, f, v.quote(result, f)),
        ])
        w.restyle(row, sev, SEVERITY.get(f.severity))
    if not findings:
        w.note(NOTHING)
    w.finish(h.title)
    if findings:
        add_status_dropdown(ws, w.column_of("整改状态"), w.header_row + 1, w.row)
    write_dismissed_sheet(book, [result], always=False)
    set_properties(book, h.title, f"由年报审核助手 {__version__} 生成。")
    return book
