"""The look every exported sheet shares: named styles, a title block, one plain table, A4 printing.

An office file first: plain ranges with filters (no Excel "Table" objects, which WPS
renders badly), Chinese fonts, wrapped text in rows tall enough for it, a header row
repeated on every printed page, page numbers, A4 landscape fitted to the page width.
Report text is untrusted: every string is cleaned and written as text, never as a
formula (``app.export.cells``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from app.export.cells import clean_text, looks_like_formula
from app.model import SEVERITY_LABELS


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in Excel character units; a CJK character takes about two
    center: bool = False
    hidden: bool = False  # carried for a later re-check, never shown
    printed: bool = True  # False: on screen for the auditor, outside the print area


#: Row height per line of 10-pt text, in points, and the extra room of a row.
LINE_HEIGHT, ROW_PADDING = 14.5, 4.0
#: How full a wrapped line is on average (see ``lines``).
FILL = 0.92
#: Rows taller than this are capped (a long quote stays readable, the page does not).
MAX_LINES = 20
CONCLUSION_FILLS = {"通过": "C6EFCE", "需整改": "F8CBAD", "无法读取": "D9D9D9"}


def display_width(text: str) -> float:
    """Width of ``text`` in Excel column units: CJK and full-width characters take two."""
    return len(text) + sum(1 for ch in text if ch >= "\u2e80")


def lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (an estimate).

    openpyxl cannot measure text and LibreOffice does not re-fit row heights when it
    opens an .xlsx, so the writer sets them from this estimate, erring on the tall side.
    """
    # Lines break early (no closing punctuation at a line start, no split inside a Latin
    # word), so a line holds on average a little less than the column's width.
    room = max((width - 1.2) * FILL, 1.0)
    return sum(max(1, -(-int(display_width(part)) // int(room))) for part in text.split("\n"))


def put(cell, value: Any) -> None:
    """Write ``value`` into ``cell``; a string is cleaned and can never become a formula."""
    if isinstance(value, str):
        risky = looks_like_formula(value)
        value = clean_text(value)
        cell.value = value
        if risky or looks_like_formula(value):
            # Text, never a formula: a string cell, marked so that editing it in
            # Excel/WPS keeps it text (the ' prefix, without changing the words).
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value


def footer_text(text: str) -> str:
    """Text safe in a header/footer, where '&' starts a code."""
    return clean_text(text, 120).replace("&", "&&")


class Styles:
    """The workbook's cell styles, registered once as named styles.

    A named style is applied by name, which is several times faster in openpyxl than
    setting font, fill, border and alignment on each cell (each of those is hashed).
    """

    def __init__(self, wb: Workbook) -> None:
        thin = Side(style="thin", color="808080")
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
        self.title = named("清单标题", font=Font(name="黑体", size=16, bold=True), border=Border(),
                           alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
        self.info = named("清单信息", font=Font(name="宋体", size=10.5), border=Border(),
                          alignment=Alignment(wrap_text=True, vertical="center", horizontal="left"))
        severity_rgb = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
        self.severity = {sev: named(f"严重程度-{SEVERITY_LABELS[sev]}", alignment=center, fill=fill(rgb))
                         for sev, rgb in severity_rgb.items()}
        self.conclusion = {c: named(f"结论-{c}", alignment=center, fill=fill(rgb)) for c, rgb in CONCLUSION_FILLS.items()}
        self.done = fill("C6EFCE")  # 整改状态 by conditional formatting
        self.doing = fill("FFF2CC")


class SheetWriter:
    """Writes an optional title block, then one plain table (header row + data rows)."""

    def __init__(self, ws: Worksheet, columns: Sequence[Column], styles: Styles,
                 title: str = "", info: Sequence[str] = ()):
        self.ws, self.columns, self.styles = ws, columns, styles
        self.printed = sum(1 for c in columns if c.printed and not c.hidden)
        if any(not (c.printed and not c.hidden) for c in columns[:self.printed]):
            raise ValueError("printed columns come first")
        self.row = 0
        span = sum(c.width for c in columns[:self.printed])
        if title:
            self._block(title, styles.title, span, 28.0)
        for line in info:
            self._block(line, styles.info, span, LINE_HEIGHT + 2)
        if title or info:
            self.row += 1  # a blank line between the title block and the table
            ws.row_dimensions[self.row].height = 6
        self.row += 1
        self.header_row = self.row
        height = 1
        for c, col in enumerate(columns, 1):
            ws.cell(row=self.row, column=c, value=col.header).style = styles.header
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = col.width
            ws.column_dimensions[letter].hidden = col.hidden
            height = max(height, lines(col.header, col.width))
        ws.row_dimensions[self.row].height = height * LINE_HEIGHT + ROW_PADDING + 2

    def _block(self, text: str, style: str, span: float, line_height: float) -> None:
        """One line of the title block, merged across the printed columns."""
        self.row += 1
        cell = self.ws.cell(row=self.row, column=1)
        cell.style = style  # first: a named style resets the text mark put() may set
        put(cell, text)
        self._merge()
        factor = 1.6 if style == self.styles.title else 1.0  # 16-pt text is wider than 10-pt
        self.ws.row_dimensions[self.row].height = lines(text, span / factor) * line_height + ROW_PADDING

    def _merge(self) -> None:
        """Merge the current row across the printed columns.

        Recorded directly: ``Worksheet.merge_cells`` also re-draws the borders of every
        covered cell, which made it the slowest step of a unit's workbook.
        """
        if self.printed > 1:
            ref = f"A{self.row}:{get_column_letter(self.printed)}{self.row}"
            self.ws.merged_cells.add(MergedCellRange(self.ws, ref))

    def append(self, values: Sequence[Any]) -> int:
        self.row += 1
        left, center = self.styles.left, self.styles.center
        height = 1
        for c, (col, value) in enumerate(zip(self.columns, values), 1):
            cell = self.ws.cell(row=self.row, column=c)
            cell.style = center if col.center else left
            put(cell, value)
            if c > self.printed or value is None:
                continue  # the row is sized for the printed page; other columns are read on screen
            height = max(height, lines(cell.value if isinstance(cell.value, str) else str(value), col.width))
        self.ws.row_dimensions[self.row].height = min(height, MAX_LINES) * LINE_HEIGHT + ROW_PADDING
        return self.row

    def note(self, text: str) -> int:
        """A row of words across the printed columns (e.g. "nothing to correct")."""
        self.row += 1
        cell = self.ws.cell(row=self.row, column=1)
        cell.style = self.styles.left
        put(cell, text)
        self._merge()
        span = sum(c.width for c in self.columns[:self.printed])
        self.ws.row_dimensions[self.row].height = lines(text, span) * LINE_HEIGHT + ROW_PADDING
        return self.row

    def restyle(self, row: int, column: int, style: str | None) -> None:
        """Give one cell another named style (a fill colour that carries meaning)."""
        if style is not None:
            cell = self.ws.cell(row=row, column=column)
            quote = cell.quotePrefix
            cell.style = style
            cell.quotePrefix = quote

    def column_of(self, header: str) -> int:
        return next(i for i, c in enumerate(self.columns, 1) if c.header == header)

    def finish(self, footer: str, filter_rows: bool = True) -> None:
        """Frozen header, filter over the data, A4-landscape print of the printed columns."""
        ws = self.ws
        h = self.header_row
        last = get_column_letter(len(self.columns))
        ws.freeze_panes = f"A{h + 1}"
        if filter_rows:
            ws.auto_filter.ref = f"A{h}:{last}{max(self.row, h)}"
        ws.print_title_rows = f"{h}:{h}"
        ws.print_area = f"A1:{get_column_letter(self.printed)}{max(self.row, h)}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
        ws.oddFooter.left.text = f"{footer_text(footer)} — {footer_text(ws.title)}"
        ws.oddFooter.left.size = 9
        ws.oddFooter.right.text = "第 &P 页，共 &N 页"
        ws.oddFooter.right.size = 9
