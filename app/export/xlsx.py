"""The correction checklist (整改清单): the audit results as an Excel workbook.

The checklist is what the auditor sends back to the reporting body, so it is an office
file first: plain ranges with filters (no Excel "Table" objects, which WPS renders
badly), no charts, Chinese sheet names, a status dropdown following the 整改台账
practice, and a print setup that gives readable A4 pages. Every value comes from the
``AuditResult`` objects the window and the JSON also read. Report text is untrusted:
it is cleaned and never written as a formula (see ``app.export.cells``), and the file
is written all-or-nothing (see ``app.export.atomic``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from app import __version__
from app.export.atomic import ExportError, write_atomically
from app.export.cells import clean_text, looks_like_formula
from app.export.excerpt import excerpt
from app.export.rule_docs import RuleDoc, rules_for
from app.export.trace import FINGERPRINT_HEADER, TRACE_HEADER, trace_json, write_dismissed_sheet
from app.model import RECHECK_LABELS, SEVERITIES, SEVERITY_LABELS, AuditResult, CellRef, Finding, ParseWarning
from app.template import SECTION_NUMERALS, SECTION_TITLES, T3_COLUMNS, section2_spec, t3_row_title, t4_column_title

__all__ = ["ExportError", "write_checklist", "STATUS_CHOICES", "SHEETS"]

log = logging.getLogger(__name__)

SHEET_SUMMARY, SHEET_FINDINGS, SHEET_WARNINGS, SHEET_RULES = "汇总", "整改清单", "读取存疑", "规则说明"
SHEETS = (SHEET_SUMMARY, SHEET_FINDINGS, SHEET_WARNINGS, SHEET_RULES)

#: 整改状态 choices (整改台账 practice); the first is the default.
STATUS_CHOICES = ("未整改", "正在整改", "部分整改", "已整改", "无需整改")

DEFAULT_TITLE = "政府信息公开工作年度报告整改清单"
CONCLUSION_PASS, CONCLUSION_FIX, CONCLUSION_UNREADABLE = "通过", "需整改", "无法审核"
#: Section names short enough for a narrow column (the full titles are in app.template).
SECTION_SHORT = {1: "总体情况", 2: "主动公开情况", 3: "收到和处理申请情况", 4: "行政复议、行政诉讼情况",
                 5: "存在问题及改进情况", 6: "其他需要报告的事项"}
TEMPLATE_LABELS = {"2021": "2021 版", "2019": "2019 版", "mixed": "新旧版混用", "unknown": "未识别"}


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in Excel character units; a CJK character takes about two
    center: bool = False
    hidden: bool = False  # carried for a later re-check, not printed


SUMMARY_COLUMNS = (
    Column("序号", 5, True), Column("单位", 26), Column("年度", 6, True), Column("文件名", 28),
    Column("模板", 11, True), Column("错误", 6, True), Column("警告", 6, True), Column("提示", 6, True),
    Column("读取情况", 34), Column("结论", 9, True),
)
FINDING_COLUMNS = (
    Column("序号", 5, True), Column("单位", 14), Column("年度", 6, True), Column("章节", 13),
    Column("位置", 20), Column("规则编号", 18), Column("严重程度", 9, True), Column("问题描述", 30),
    Column("现值", 9), Column("应为", 18), Column("整改建议", 27), Column("原文摘录", 26),
    Column("责任人", 8), Column("整改时限", 9), Column("整改状态", 9, True), Column("复核结果", 9, True),
    Column("备注", 10), Column(FINGERPRINT_HEADER, 12, hidden=True), Column(TRACE_HEADER, 12, hidden=True),
)
WARNING_COLUMNS = (
    Column("序号", 5, True), Column("单位", 18), Column("年度", 6, True), Column("文件名", 22),
    Column("类别", 16), Column("位置", 20), Column("说明", 38), Column("原文摘录", 32), Column("核实结果", 16),
)
RULE_COLUMNS = (
    Column("规则编号", 21), Column("严重程度", 9, True), Column("名称", 26), Column("检查内容", 60),
    Column("依据", 36), Column("本次发现", 10, True),
)
STATUS_COL = next(i for i, c in enumerate(FINDING_COLUMNS, 1) if c.header == "整改状态")
SEVERITY_COL = next(i for i, c in enumerate(FINDING_COLUMNS, 1) if c.header == "严重程度")


#: Row height per line of 10-pt text, in points, and the extra room of a row.
LINE_HEIGHT, ROW_PADDING = 14.5, 3.0
#: Rows taller than this are capped (a long quote stays readable, the page does not).
MAX_LINES = 20


def _display_width(text: str) -> float:
    """Width of ``text`` in Excel column units: CJK and full-width characters take two."""
    return len(text) + sum(1 for ch in text if ch >= "\u2e80")


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (an estimate).

    openpyxl cannot measure text and LibreOffice does not re-fit row heights when it
    opens an .xlsx, so the writer sets them from this estimate.
    """
    room = max(width - 1.0, 1.0)  # cell padding
    return sum(max(1, -(-int(_display_width(part) * 1.05) // int(room))) for part in text.split("\n"))


class _Styles:
    """The workbook's cell styles, registered once as named styles.

    A named style is applied by name, which is several times faster in openpyxl than
    setting font, fill, border and alignment on each cell (each of those is hashed), and
    keeps the 500-finding checklist well inside its one-second budget.
    """

    def __init__(self, wb: Workbook) -> None:
        thin = Side(style="thin", color="A6A6A6")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font = Font(name="宋体", size=10)
        left = Alignment(wrap_text=True, vertical="top", horizontal="left")
        center = Alignment(wrap_text=True, vertical="top", horizontal="center")
        fill = lambda rgb: PatternFill("solid", fgColor=rgb)  # noqa: E731

        def named(name: str, **kw: Any) -> str:
            wb.add_named_style(NamedStyle(name=name, **({"font": font, "border": border} | kw)))
            return name

        self.header = named("清单表头", font=Font(name="黑体", size=10, bold=True), fill=fill("D9E1F2"),
                            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
        self.left = named("清单正文", alignment=left)
        self.center = named("清单正文居中", alignment=center)
        severity_rgb = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
        self.severity = {sev: named(f"严重程度-{SEVERITY_LABELS[sev]}", alignment=center, fill=fill(rgb))
                         for sev, rgb in severity_rgb.items()}
        conclusion_rgb = {CONCLUSION_PASS: "C6EFCE", CONCLUSION_FIX: "F8CBAD", CONCLUSION_UNREADABLE: "D9D9D9"}
        self.conclusion = {c: named(f"结论-{c}", alignment=center, fill=fill(rgb)) for c, rgb in conclusion_rgb.items()}
        self.done = fill("C6EFCE")  # 整改状态 by conditional formatting
        self.doing = fill("FFF2CC")


# --------------------------------------------------------------------------- values


def _org(result: AuditResult) -> str:
    rep = result.report
    if rep is not None and rep.org:
        return rep.org
    return f"（未识别单位）{Path(result.path).name}"


def _year(result: AuditResult) -> int | str:
    rep = result.report
    return rep.year if rep is not None and rep.year else ""


def _text(result: AuditResult) -> str:
    if result.report is not None:
        return result.report.text
    return result.document.text if result.document is not None else ""


def _section_name(result: AuditResult, number: int | None) -> str:
    if number is None or not 1 <= number <= len(SECTION_NUMERALS):
        return ""
    return f"{SECTION_NUMERALS[number - 1]}、{SECTION_SHORT.get(number) or SECTION_TITLES.get(number, '')}"


def _cell_name(result: AuditResult, ref: CellRef) -> str:
    """Where a table cell is, in the words of the template (for findings without a location)."""
    if ref.table == "table3":
        col = T3_COLUMNS[ref.col] if 0 <= ref.col < len(T3_COLUMNS) else str(ref.col)
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
    return f"{ref.table} {ref.row} {ref.col}"


def _location(result: AuditResult, f: Finding) -> str:
    if f.location:
        return f.location
    if f.cells:
        names = [_cell_name(result, c) for c in f.cells[:3]]
        more = f" 等 {len(f.cells)} 处" if len(f.cells) > 3 else ""
        return "；".join(names) + more
    return ""


def _section_of(result: AuditResult, f: Finding) -> int | None:
    if f.section is not None:
        return f.section
    if f.span is not None and result.report is not None:
        return result.report.section_at(f.span[0])
    return None


def _position(result: AuditResult, f: Finding) -> int:
    """Where a finding sits in the report, for sorting; findings without a place go last."""
    if f.span is not None:
        return f.span[0]
    section = result.report.section(f.section) if result.report is not None and f.section else None
    return section.start if section is not None else 1 << 62


def _number_or_text(value: str | None) -> Any:
    """A plain integer is written as a number (no "number stored as text" marks)."""
    if value is None:
        return ""
    s = value.strip()
    if s.isascii() and s.lstrip("-").isdigit() and not (s.lstrip("-").startswith("0") and len(s.lstrip("-")) > 1):
        return int(s)
    return value


def _reading(result: AuditResult) -> str:
    if not result.ok:
        return f"无法读取：{result.error.message if result.error else '原因不明'}"
    if result.warnings:
        return f"读取存疑 {len(result.warnings)} 处（见“{SHEET_WARNINGS}”表）"
    return "正常"


def _warning_kind(code: str) -> str:
    """A Chinese category for a parse-warning code; the code stays for reference."""
    head, _, rule = code.partition(":")
    if head == "not-assessed" and rule:
        return f"无法评估（{rule}）"
    if head == "rule-failed" and rule:
        return f"规则出错（{rule}）"
    named = {"config": "设置问题", "internal": "内部错误"}
    return named.get(code) or (f"读取存疑（{code}）" if code else "读取存疑")


def _conclusion(result: AuditResult) -> str:
    """需整改 while a confirmed or undecided error or warning stands; dismissed ones do not count."""
    if not result.ok:
        return CONCLUSION_UNREADABLE
    return CONCLUSION_FIX if result.open_count("error") or result.open_count("warning") else CONCLUSION_PASS


def _recheck(result: AuditResult, f: Finding | None = None) -> str:
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


def _quote(result: AuditResult, f: Finding) -> str:
    if f.own and f.span and result.report is not None:
        return result.report.text[f.span[0]:f.span[1]]
    return ""


def _sorted_findings(results: Sequence[AuditResult]) -> list[tuple[AuditResult, Finding]]:
    """What goes to the units: confirmed and undecided findings; dismissed ones stay home."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    rows = [(i, r, f) for i, r in enumerate(results) for f in r.outgoing()]
    rows.sort(key=lambda t: (t[0], rank.get(t[2].severity, len(rank)), _position(t[1], t[2]), t[2].rule))
    return [(r, f) for _, r, f in rows]


def _sorted_warnings(results: Sequence[AuditResult]) -> list[tuple[AuditResult, ParseWarning]]:
    rows = [(i, r, w) for i, r in enumerate(results) for w in r.warnings]
    rows.sort(key=lambda t: (t[0], t[2].span[0] if t[2].span else 1 << 62))
    return [(r, w) for _, r, w in rows]


# --------------------------------------------------------------------------- sheets


class _SheetWriter:
    """Writes one plain table (header row + data rows) with the checklist's look."""

    def __init__(self, ws: Worksheet, columns: Sequence[Column], styles: _Styles):
        self.ws, self.columns, self.styles = ws, columns, styles
        self.row = 1
        lines = 1
        for c, col in enumerate(columns, 1):
            ws.cell(row=1, column=c, value=col.header).style = styles.header
            ws.column_dimensions[get_column_letter(c)].width = col.width
            ws.column_dimensions[get_column_letter(c)].hidden = col.hidden
            lines = max(lines, _lines(col.header, col.width))
        ws.row_dimensions[1].height = lines * LINE_HEIGHT + ROW_PADDING + 2

    def append(self, values: Sequence[Any]) -> int:
        self.row += 1
        left, center = self.styles.left, self.styles.center
        lines = 1
        for c, (col, value) in enumerate(zip(self.columns, values), 1):
            cell = self.ws.cell(row=self.row, column=c)
            cell.style = center if col.center else left
            if isinstance(value, str):
                risky = looks_like_formula(value)
                value = clean_text(value)
                if value and not col.hidden:
                    lines = max(lines, _lines(value, col.width))
                cell.value = value
                if risky or looks_like_formula(value):
                    # Text, never a formula: a string cell, marked so that editing it in
                    # Excel/WPS keeps it text (the ' prefix, without changing the words).
                    cell.data_type = "s"
                    cell.quotePrefix = True
            else:
                cell.value = value
        self.ws.row_dimensions[self.row].height = min(lines, MAX_LINES) * LINE_HEIGHT + ROW_PADDING
        return self.row

    def restyle(self, row: int, column: int, style: str | None) -> None:
        """Give one cell another named style (a fill colour that carries meaning)."""
        if style is not None:
            cell = self.ws.cell(row=row, column=column)
            quote = cell.quotePrefix
            cell.style = style
            cell.quotePrefix = quote

    def finish(self, title: str) -> None:
        """Frozen header, filter over the data, and A4-landscape print setup."""
        ws = self.ws
        last = get_column_letter(len(self.columns))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}{max(self.row, 1)}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.55, bottom=0.6, header=0.25, footer=0.3)
        footer_title = clean_text(title, 120).replace("&", "&&")
        ws.oddFooter.left.text = f"{footer_title} — {ws.title}"
        ws.oddFooter.left.size = 9
        ws.oddFooter.right.text = "第 &P 页，共 &N 页"
        ws.oddFooter.right.size = 9


def _summary_sheet(ws: Worksheet, results: Sequence[AuditResult], st: _Styles, title: str) -> None:
    w = _SheetWriter(ws, SUMMARY_COLUMNS, st)
    for i, r in enumerate(results, 1):
        template = r.report.template if r.report is not None else "unknown"
        conclusion = _conclusion(r)
        row = w.append([
            i, _org(r), _year(r), Path(r.path).name,
            TEMPLATE_LABELS.get(template, template) if r.ok else "",
            r.open_count("error"), r.open_count("warning"), r.open_count("info"),
            _reading(r), conclusion,
        ])
        w.restyle(row, len(SUMMARY_COLUMNS), st.conclusion.get(conclusion))
    w.finish(title)


def _findings_sheet(ws: Worksheet, results: Sequence[AuditResult], st: _Styles, title: str) -> None:
    w = _SheetWriter(ws, FINDING_COLUMNS, st)
    for i, (r, f) in enumerate(_sorted_findings(results), 1):
        row = w.append([
            i, _org(r), _year(r), _section_name(r, _section_of(r, f)), _location(r, f),
            "人工添加" if f.own else f.rule,
            SEVERITY_LABELS.get(f.severity, f.severity), f.message,
            _number_or_text(f.current), f.expected or "", f.suggestion, excerpt(_text(r), f.span),
            "", f.deadline or "", STATUS_CHOICES[0], _recheck(r, f), r.decision(f).comment,
            f.fingerprint, trace_json(r, f, _quote(r, f)),
        ])
        w.restyle(row, SEVERITY_COL, st.severity.get(f.severity))
    w.finish(title)
    status = get_column_letter(STATUS_COL)
    if w.row >= 2:
        cells = f"{status}2:{status}{w.row}"
        dv = DataValidation(
            type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="整改状态",
            error="请从下拉列表中选择：" + "、".join(STATUS_CHOICES) + "。",
            showInputMessage=True, promptTitle="整改状态", prompt="请从下拉列表中选择整改状态",
        )
        dv.add(cells)
        ws.add_data_validation(dv)
        # The state is visible at a glance: done in green, under way in yellow.
        for value, fill in (("已整改", st.done), ("无需整改", st.done), ("正在整改", st.doing), ("部分整改", st.doing)):
            ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{value}"'], fill=fill))


def _warnings_sheet(ws: Worksheet, results: Sequence[AuditResult], st: _Styles, title: str) -> None:
    w = _SheetWriter(ws, WARNING_COLUMNS, st)
    n = 0
    for r in results:  # a file that could not be read at all is the first question
        if not r.ok:
            n += 1
            code = r.error.code if r.error else ""
            w.append([n, _org(r), "", Path(r.path).name, f"无法读取（{code}）" if code else "无法读取",
                      "", r.error.message if r.error else "", "", ""])
    for r, wr in _sorted_warnings(results):
        n += 1
        w.append([n, _org(r), _year(r), Path(r.path).name, _warning_kind(wr.code), wr.location, wr.message,
                  excerpt(_text(r), wr.span), ""])
    w.finish(title)


def _rules_sheet(ws: Worksheet, results: Sequence[AuditResult], st: _Styles, title: str) -> None:
    w = _SheetWriter(ws, RULE_COLUMNS, st)
    counts: dict[str, int] = {}
    for r in results:
        for f in r.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
    docs: list[RuleDoc] = rules_for(results)
    for d in docs:
        row = w.append([d.id, SEVERITY_LABELS.get(d.severity, d.severity), d.title, d.doc, d.source,
                        counts.get(d.id, 0)])
        w.restyle(row, 2, st.severity.get(d.severity))
    w.finish(title)


def _default_title(results: Sequence[AuditResult]) -> str:
    if len(results) == 1 and results[0].report is not None and results[0].report.org:
        rep = results[0].report
        year = f"{rep.year}年" if rep.year else ""
        return f"{rep.org}{year}政府信息公开工作年度报告整改清单"
    return DEFAULT_TITLE


def build_workbook(results: Sequence[AuditResult], title: str) -> Workbook:
    """The checklist workbook in memory (``write_checklist`` saves it)."""
    wb = Workbook()
    st = _Styles(wb)
    sheets = [wb.active] + [wb.create_sheet() for _ in SHEETS[1:]]
    builders = (_summary_sheet, _findings_sheet, _warnings_sheet, _rules_sheet)
    for ws, name, build in zip(sheets, SHEETS, builders):
        ws.title = name
        build(ws, results, st, title)
    write_dismissed_sheet(wb, results)
    # One report: open on its corrections; a batch: open on the overview.
    active = sheets[1] if len(results) == 1 else sheets[0]
    wb.active = active
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is active
    props = wb.properties
    props.title = clean_text(title, 255)
    props.subject = "政府信息公开工作年度报告审核"
    props.creator = props.lastModifiedBy = "年报审核助手"
    props.description = f"由年报审核助手 {__version__} 生成，共 {len(results)} 份报告。"
    props.keywords = "整改清单;政府信息公开;年度报告"
    props.language = "zh-CN"
    # openpyxl writes the time with a "Z": give it UTC, without tzinfo (which it rejects).
    props.created = props.modified = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    return wb


def write_checklist(results: Iterable[AuditResult], path: str | Path, *, title: str | None = None) -> Path:
    """Write the checklist for ``results`` to ``path`` (all-or-nothing) and return the path.

    Raises ``ExportError`` with a Chinese message when it cannot be saved (target open
    in Excel, read-only folder, full disk); nothing half-written is left behind.
    """
    results = list(results)
    title = title or _default_title(results)
    try:
        wb = build_workbook(results, title)
    except Exception as exc:  # a bug here must reach the auditor as a message, not a crash
        log.exception("building the checklist failed")
        raise ExportError(f"生成整改清单时发生内部错误（{type(exc).__name__}），未保存任何文件。", "internal") from exc

    def save(fh: BinaryIO) -> None:
        try:
            wb.save(fh)
        except OSError:
            raise
        except Exception as exc:
            log.exception("saving the checklist failed")
            raise ExportError(f"生成整改清单时发生内部错误（{type(exc).__name__}），未保存任何文件。", "internal") from exc

    return write_atomically(path, save)
