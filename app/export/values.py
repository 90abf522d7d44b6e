"""A report and its findings in the words of the documents that leave the office.

One place for what every export says about a finding — its unit, section, place,
现值 → 应为, quote, deadline and 复核结果 — and for the one order everything is listed
in (unit name, then position in the report), so the summary, the unit workbooks and the
Word notices agree with each other and do not depend on which worker finished first.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable, Sequence

from app.export.excerpt import excerpt
from app.model import RECHECK_LABELS, AuditResult, CellRef, Finding
from app.template import SECTION_NUMERALS, SECTION_TITLES, T3_COLUMNS, section2_spec, t3_row_title, t4_column_title

UNKNOWN_ORG = "（未识别单位）"
#: Section names short enough for a narrow column (the full titles are in app.template).
SECTION_SHORT = {1: "总体情况", 2: "主动公开情况", 3: "收到和处理申请情况", 4: "行政复议、行政诉讼情况",
                 5: "存在问题及改进情况", 6: "其他需要报告的事项"}
TEMPLATE_LABELS = {"2021": "2021 版", "2019": "2019 版", "mixed": "新旧版混用", "unknown": "未识别"}
OWN_LABEL = "审核人员添加"
LAST = 1 << 62
#: A finding's span longer than this (a whole table or section) is not quoted.
QUOTE_MAX = 150

_NUMBERS_ONLY = re.compile(r"[\s\d.,，、%％/\-—|│]*")
_NUMBER_RUN = re.compile(r"\s*(?:\d+(?:\.\d+)?\s+){2,}\d+(?:\.\d+)?(?![\d.．、])\s*")


def org(result: AuditResult) -> str:
    rep = result.report
    if rep is not None and rep.org:
        return rep.org
    return f"{UNKNOWN_ORG}{Path(result.path).name}"


def org_or_blank(result: AuditResult) -> str:
    rep = result.report
    return rep.org if rep is not None and rep.org else ""


def year(result: AuditResult) -> int | str:
    rep = result.report
    return rep.year if rep is not None and rep.year else ""


def report_title(result: AuditResult) -> str:
    """The report's own title, or one made of the unit and year."""
    rep = result.report
    if rep is not None and rep.title:
        return rep.title
    y = year(result)
    return f"{org_or_blank(result)}{f'{y}年' if y else ''}政府信息公开工作年度报告"


def text(result: AuditResult) -> str:
    if result.report is not None:
        return result.report.text
    return result.document.text if result.document is not None else ""


def section_name(number: int | None) -> str:
    if number is None or not 1 <= number <= len(SECTION_NUMERALS):
        return ""
    return f"{SECTION_NUMERALS[number - 1]}、{SECTION_SHORT.get(number) or SECTION_TITLES.get(number, '')}"


def cell_name(result: AuditResult, ref: CellRef) -> str:
    """Where a table cell is, in the words of the template (for findings without a location)."""
    if ref.table == "table3":
        col = T3_COLUMNS[ref.col] if 0 <= ref.col < len(T3_COLUMNS) else f"第{ref.col + 1}列"
        return f"表三 “{t3_row_title(str(ref.row))}” × {col}"
    if ref.table == "table4" and 0 <= ref.col < 15:
        return f"表四 {t4_column_title(ref.col)}"
    if ref.table == "section2":
        layout = result.report.section2.layout if result.report and result.report.section2 else "2021"
        spec = section2_spec(layout).get(str(ref.row))
        if spec:
            cols = spec[2]
            col = f" × {cols[ref.col]}" if len(cols) > 1 and 0 <= ref.col < len(cols) else ""
            return f"表二 “{spec[0]}”{col}"
        return "表二"
    return {"table3": "表三", "table4": "表四"}.get(ref.table, "表格")


def location(result: AuditResult, f: Finding) -> str:
    if f.location:
        return f.location
    if f.cells:
        names = [cell_name(result, c) for c in f.cells[:3]]
        more = f" 等 {len(f.cells)} 处" if len(f.cells) > 3 else ""
        return "；".join(names) + more
    return ""


def section_of(result: AuditResult, f: Finding) -> int | None:
    if f.section is not None:
        return f.section
    if f.span is not None and result.report is not None:
        return result.report.section_at(f.span[0])
    return None


def place(result: AuditResult, f: Finding) -> str:
    """章节 and 位置 in one line for a narrow printed column."""
    where = location(result, f)
    section = section_name(section_of(result, f))
    if section and where and not where.startswith(("表", "第")):
        return f"{section}\n{where}"
    return where or section


def position(result: AuditResult, f: Finding) -> int:
    """Where a finding sits in the report, for sorting; findings without a place go last."""
    if f.span is not None:
        return f.span[0]
    section = result.report.section(f.section) if result.report is not None and f.section else None
    return section.start if section is not None else LAST


def number_or_text(value: str | None) -> Any:
    """A plain integer is written as a number (no "number stored as text" marks)."""
    if value is None:
        return ""
    s = value.strip()
    if s.isascii() and s.lstrip("-").isdigit() and not (s.lstrip("-").startswith("0") and len(s.lstrip("-")) > 1):
        return int(s)
    return value


def change(f: Finding) -> str:
    """现值 → 应为 in one cell ("" when the finding names neither)."""
    current, expected = (f.current or "").strip(), (f.expected or "").strip()
    if current and expected:
        return f"{current} → {expected}"
    if expected:
        return f"应为 {expected}"
    return f"现为 {current}" if current else ""


def quote(result: AuditResult, f: Finding) -> str:
    """The words an own finding was attached to (carried for the re-check)."""
    if f.own and f.span and result.report is not None:
        return result.report.text[f.span[0]:f.span[1]]
    return ""


def excerpt_for(result: AuditResult, f: Finding) -> str:
    """The report's words around a finding, when they help a reader find the place.

    A table cell is named by its row and column; quoting it would show a run of
    numbers ("0 0 【3】 0 0"), so table findings and spans of bare numbers get none,
    and runs of figures around a quoted label are left out.
    """
    if f.cells or f.span is None:
        return ""
    body = text(result)
    start, end = f.span
    if end - start > QUOTE_MAX or (end > start and _NUMBERS_ONLY.fullmatch(body[start:end])):
        return ""  # a whole table or section is named by its place, not quoted
    # A label inside a table: its neighbours are rows of figures, which say nothing.
    return _NUMBER_RUN.sub(" … ", excerpt(body, f.span)).replace("… …", "…")


def recheck_word(result: AuditResult, f: Finding | None = None) -> str:
    """复核结果 of one finding, or the counts of the whole report, when it is a revision."""
    comparison = result.review.comparison if result.review is not None else None
    if comparison is None:
        return ""
    if f is None:
        c = comparison.counts()
        return "，".join(f"{RECHECK_LABELS[k]} {c[k]}" for k in ("fixed", "still_open", "new", "unknown"))
    if f.own:
        return RECHECK_LABELS["still_open"] if f in comparison.still_open else ""
    return RECHECK_LABELS.get(comparison.status_of(f.fingerprint) or "", "")


def decision_word(result: AuditResult, f: Finding) -> str:
    """确认 / 待定 for what goes out (the auditor's own findings are confirmed by nature)."""
    if f.own:
        return OWN_LABEL
    return {"confirmed": "已确认", "dismissed": "已排除"}.get(result.decision(f).kind, "待定")


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def deadline_date(today: date, days: int) -> date:
    return today + timedelta(days=max(int(days), 0))


def deadline_of(f: Finding, default: date) -> str:
    """整改时限 of a finding: the auditor's own date for it, else the office's default."""
    if f.deadline:
        try:
            return cn_date(date.fromisoformat(f.deadline[:10]))
        except ValueError:
            return f.deadline
    return cn_date(default)


# --------------------------------------------------------------------------- order


def result_key(result: AuditResult) -> tuple:
    """Unit name, year, file: the order of the reports in every export."""
    rep = result.report
    return (0 if rep is not None and rep.org else 1, org(result), rep.year if rep and rep.year else 0,
            Path(result.path).name, result.path)


def sort_results(results: Iterable[AuditResult]) -> list[AuditResult]:
    return sorted(results, key=result_key)


def finding_key(result: AuditResult, f: Finding) -> tuple:
    return (position(result, f), f.section or 9, f.rule, f.fingerprint, f.message)


def in_report_order(result: AuditResult, findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: finding_key(result, f))


def outgoing_rows(results: Sequence[AuditResult]) -> list[tuple[AuditResult, Finding]]:
    """What goes to the units, report by report (sorted), each in the order of its text."""
    return [(r, f) for r in results for f in in_report_order(r, r.outgoing())]


def dismissed_rows(results: Sequence[AuditResult]) -> list[tuple[AuditResult, Finding]]:
    return [(r, f) for r in results
            for f in in_report_order(r, (f for f in r.all_findings() if r.decision(f).kind == "dismissed"))]
