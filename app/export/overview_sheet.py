"""The county overview as a worksheet with native Excel charts (the 总览 sheet of the summary workbook).

``add_overview_sheet(wb, results)`` adds the sheet to any workbook (the summary builder
calls it); ``write_overview(results, path)`` writes it as a workbook of its own. Tables
first — report statuses, findings by rule, the units (most errors first), applications by
unit, the county figures per year — each with a chart beside it where a person would
rather look than read. Charts are openpyxl's native charts over the tables' own cells, so
Excel and WPS draw them and they follow any edit of the numbers. Every number comes from
``app.across.overview.build``, the same object the window's 总览 draws. Styles are set per
cell (no named styles), so the sheet can join a workbook that registered its own.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from app.across.overview import UNREADABLE, Overview, build
from app.export.atomic import ExportError, write_atomically
from app.export.cells import clean_text
from app.model import REPORT_STATES, SEVERITIES, AuditResult

SHEET_NAME = "总览"
#: Rows of the rule and application charts (the tables hold all rows).
CHART_RULES, CHART_UNITS = 15, 20
SEVERITY_COLORS = {"error": "C0392B", "warning": "E67E22", "info": "2E86C1"}
STATUS_COLORS = {"待审核": "7F8C8D", "需整改": "C0392B", "审核通过": "27AE60", "已复核": "2E86C1", UNREADABLE: "8E44AD"}

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_TITLE = Font(name="黑体", size=14, bold=True)
_CAPTION = Font(name="黑体", size=11, bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = {"A": 30, "B": 38, "C": 13, "D": 11, "E": 11, "F": 7, "G": 9, "H": 13}
CHART_COLUMN = "J"


class _Writer:
    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1

    def title(self, text: str, note: str) -> None:
        self.ws.cell(row=1, column=1, value=clean_text(text)).font = _TITLE
        self.ws.cell(row=2, column=1, value=note).font = Font(name="宋体", size=9, color="666666")
        self.row = 4

    def table(self, caption: str, headers: Sequence[str], rows: Sequence[Sequence], numeric_from: int = 1) -> tuple[int, int]:
        """Write a captioned table; returns (header row, last data row)."""
        ws = self.ws
        ws.cell(row=self.row, column=1, value=caption).font = _CAPTION
        head = self.row + 1
        for c, h in enumerate(headers, 1):
            cell = ws.cell(row=head, column=c, value=h)
            cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD_FILL, _BORDER, _CENTER
        r = head
        for values in rows:
            r += 1
            for c, v in enumerate(values, 1):
                cell = ws.cell(row=r, column=c, value=clean_text(v) if isinstance(v, str) else v)
                cell.font, cell.border = _FONT, _BORDER
                cell.alignment = _CENTER if c > numeric_from else _LEFT
        self.row = max(r, head) + 3
        return head, r

    def reserve(self, rows: int) -> None:
        """Leave room below a short table so that its chart does not run into the next table."""
        self.row = max(self.row, rows)


def _bar(title: str, horizontal: bool, stacked: bool = False, height: float = 7.5, width: float = 16) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.style = 10
    chart.height, chart.width = height, width
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    if horizontal:
        chart.x_axis.tickLblSkip = 1  # every unit or rule named, none skipped for lack of room
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # the first row of the table at the top
    chart.y_axis.title = None
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides both axes unless told
    if stacked:
        chart.legend.position = "b"
    else:
        chart.legend = None
    return chart


def _color(series, hex_color: str) -> None:
    series.graphicalProperties.solidFill = hex_color
    series.graphicalProperties.line.solidFill = hex_color


def _fmt(value: float | None) -> float | int | str:
    if value is None:
        return "—"
    return int(value) if float(value).is_integer() else value


def add_overview_sheet(wb: Workbook, results: Sequence[AuditResult] | None = None, *, overview: Overview | None = None,
                       title: str = "政府信息公开工作年度报告审核总览", index: int | None = None) -> Worksheet:
    """Add the 总览 sheet (tables and native charts) to ``wb`` and return it.

    Pass ``results`` (the overview is built from them) or an ``overview`` already built
    (the window's, which knows the units and the county aggregate).
    """
    ov = overview if overview is not None else build(list(results or []))
    ws = wb.create_sheet(SHEET_NAME, index)
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    w = _Writer(ws)
    w.title(title, f"共 {ov.total} 份报告；生成于 {datetime.now():%Y-%m-%d %H:%M}，问题数不含已排除的问题。")

    # Report statuses, with a column chart.
    states = list(REPORT_STATES) + [UNREADABLE]
    head, last = w.table("一、报告状态", ("状态", "份数"), [(s, ov.by_status.get(s, 0)) for s in states])
    chart = _bar("报告状态", horizontal=False, height=6.5, width=12)
    chart.add_data(Reference(ws, min_col=2, min_row=head, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=last))
    series = chart.series[0]
    from openpyxl.chart.series import DataPoint

    for i, s in enumerate(states):
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = STATUS_COLORS.get(s, "7F8C8D")
        series.dPt.append(point)
    ws.add_chart(chart, f"{CHART_COLUMN}{head - 1}")
    w.reserve(head + 14)

    # Findings by rule, with a stacked bar chart by severity.
    rows = [(rc.rule, rc.title, rc.counts["error"], rc.counts["warning"], rc.counts["info"], rc.total, len(rc.paths))
            for rc in ov.by_rule]
    head, last = w.table("二、问题按规则统计", ("规则编号", "规则名称", "错误", "警告", "提示", "合计", "涉及报告"),
                         rows or [("（没有问题）", "", 0, 0, 0, 0, 0)], numeric_from=2)
    if rows:
        shown = min(last, head + CHART_RULES)
        chart = _bar(f"问题数（按规则，前 {shown - head} 条）", horizontal=True, stacked=True,
                     height=max(6.0, 0.85 * (shown - head) + 3.0), width=18)
        for k, sev in enumerate(SEVERITIES):
            chart.add_data(Reference(ws, min_col=3 + k, min_row=head, max_row=shown), titles_from_data=True)
            _color(chart.series[-1], SEVERITY_COLORS[sev])
        chart.set_categories(Reference(ws, min_col=2, min_row=head + 1, max_row=shown))
        ws.add_chart(chart, f"{CHART_COLUMN}{head - 1}")
        w.reserve(head + int(chart.height * 2) + 2)

    # The units, the most errors first.
    units = sorted(ov.units, key=lambda u: (-u.counts["error"], -u.counts["warning"], -u.counts["info"], u.org))
    rows = [(u.org + ("（汇总报告）" if u.aggregate else ""), u.year or "", u.status, u.counts["error"],
             u.counts["warning"], u.counts["info"], _fmt(u.applications), Path(u.path).name) for u in units]
    w.table("三、各单位情况（错误多的在前）", ("单位", "文件", "年度", "状态", "错误", "警告", "提示", "本年新收申请"),
            [(r[0], r[7], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows] or [("（没有报告）",)], numeric_from=2)

    # Applications by unit, with a bar chart of the largest.
    apps = sorted((u for u in ov.units if u.applications is not None and not u.aggregate),
                  key=lambda u: (-u.applications, u.org))
    head, last = w.table("四、各单位本年新收政府信息公开申请", ("单位", "年度", "本年新收申请"),
                         [(u.org, u.year or "", _fmt(u.applications)) for u in apps] or [("（没有读出的数字）", "", "")])
    if apps:
        shown = min(last, head + CHART_UNITS)
        chart = _bar(f"本年新收申请（前 {shown - head} 个单位）", horizontal=True,
                     height=max(6.0, 0.8 * (shown - head) + 3.0), width=18)
        chart.add_data(Reference(ws, min_col=3, min_row=head, max_row=shown), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=shown))
        _color(chart.series[0], "2E86C1")
        ws.add_chart(chart, f"{CHART_COLUMN}{head - 1}")
        w.reserve(head + int(chart.height * 2) + 2)

    # County figures per year.
    for year in ov.years:
        figures = ov.figures[year]
        has_agg = any(f.aggregate is not None for f in figures)
        headers = ["项目", f"{year}年各单位合计", "已读出单位", "未读出单位"] + (["汇总报告"] if has_agg else [])
        rows = [[f.label, _fmt(f.value), f.known, f.unknown] + ([_fmt(f.aggregate)] if has_agg else [])
                for f in figures]
        caption = f"五、全县合计（{year}年，每个单位一份报告）"
        if has_agg:
            caption += "；县级汇总报告可只统计本级，不必等于各单位之和"
        w.table(caption, headers, rows)
    ws.freeze_panes = "A4"
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def write_overview(results: Sequence[AuditResult], path: str | Path, *, overview: Overview | None = None) -> Path:
    """A workbook holding only the overview sheet, written all-or-nothing (``ExportError`` in Chinese)."""
    try:
        wb = Workbook()
        wb.remove(wb.active)
        add_overview_sheet(wb, results, overview=overview)
        wb.properties.creator = "年报审核助手"
        wb.properties.title = "政府信息公开工作年度报告审核总览"
    except Exception as exc:
        raise ExportError(f"生成总览时发生内部错误（{type(exc).__name__}），未保存任何文件。", "internal") from exc

    def save(fh: BinaryIO) -> None:
        wb.save(fh)

    return write_atomically(path, save)
