"""The look every exported sheet shares: styles, a title block, one plain table, A4 printing.

An office file first: plain ranges with filters (no Excel "Table" objects, which WPS
renders badly), Chinese fonts, wrapped text in rows tall enough for it, a header row
repeated on every printed page, page numbers, A4 landscape fitted to the page width.
Report text is untrusted: every string is cleaned and written as text, never as a
formula (``app.export.cells``). The sheets are written by ``app.export.book``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.export.book import Sheet
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
SEVERITY_FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}

# The named styles (their names are what the cells refer to).
HEADER, LEFT, CENTER, TITLE, INFO = "清单表头", "清单正文", "清单正文居中", "清单标题", "清单信息"
SEVERITY = {sev: f"严重程度-{SEVERITY_LABELS[sev]}" for sev in SEVERITY_FILLS}
CONCLUSION = {c: f"结论-{c}" for c in CONCLUSION_FILLS}
#: Conditional fills of the 整改状态 column.
DONE, DOING = "done", "doing"


def display_width(text: str) -> float:
    """Width of ``text`` in Excel column units: CJK and full-width characters take two."""
    return len(text) + sum(1 for ch in text if ch >= "\u2e80")


def lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (an estimate).

    Spreadsheet programs do not re-fit row heights when they open a file, so the
    writer sets them from this estimate, erring on the tall side: lines break early
    (no closing punctuation at a line start, no split inside a Latin word), so a line
    holds on average a little less than the column's width.
    """
    room = max((width - 1.2) * FILL, 1.0)
    return sum(max(1, -(-int(display_width(part)) // int(room))) for part in text.split("\n"))


def text_value(value: Any) -> tuple[Any, bool]:
    """``value`` ready for a cell, and whether it needs the text mark.

    A string is cleaned; one a spreadsheet would read as a formula when typed in is
    marked (the ' prefix, without changing the words), so editing it keeps it text.
    """
    if not isinstance(value, str):
        return value, False
    risky = looks_like_formula(value)
    value = clean_text(value)
    return value, risky or looks_like_formula(value)


def footer_text(text: str) -> str:
    """Text safe in a header/footer, where '&' starts a code."""
    return clean_text(text, 120).replace("&", "&&")


class Styles:
    """The workbook's cell styles as openpyxl named styles (``app.export.book.StyleTable``
    turns them into the stylesheet every exported workbook carries)."""

    def __init__(self, wb: Workbook) -> None:
        thin = Side(style="thin", color="808080")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font = Font(name="宋体", size=10)
        left = Alignment(wrap_text=True, vertical="top", horizontal="left")
        center = Alignment(wrap_text=True, vertical="top", horizontal="center")
        fill = lambda rgb: PatternFill("solid", fgColor=rgb)  # noqa: E731
        self._names: list[str] = []

        def named(name: str, **kw: Any) -> str:
            wb.add_named_style(NamedStyle(name=name, **({"font": font, "border": border} | kw)))
            self._names.append(name)
            return name

        named(HEADER, font=Font(name="黑体", size=10, bold=True), fill=fill("D9E1F2"),
              alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
        named(LEFT, alignment=left)
        named(CENTER, alignment=center)
        named(TITLE, font=Font(name="黑体", size=16, bold=True), border=Border(),
              alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
        named(INFO, font=Font(name="宋体", size=10.5), border=Border(),
              alignment=Alignment(wrap_text=True, vertical="center", horizontal="left"))
        for sev, rgb in SEVERITY_FILLS.items():
            named(SEVERITY[sev], alignment=center, fill=fill(rgb))
        for c, rgb in CONCLUSION_FILLS.items():
            named(CONCLUSION[c], alignment=center, fill=fill(rgb))
        self._dxf = {DONE: fill("C6EFCE"), DOING: fill("FFF2CC")}

    def names(self) -> list[str]:
        return list(self._names)

    def dxf_fills(self) -> dict[str, PatternFill]:
        return dict(self._dxf)


class SheetWriter:
    """Writes an optional title block, then one plain table (header row + data rows)."""

    def __init__(self, ws: Sheet, columns: Sequence[Column], title: str = "", info: Sequence[str] = ()):
        self.ws, self.columns = ws, columns
        self.printed = sum(1 for c in columns if c.printed and not c.hidden)
        if any(not (c.printed and not c.hidden) for c in columns[:self.printed]):
            raise ValueError("printed columns come first")
        self.row = 0
        span = sum(c.width for c in columns[:self.printed])
        if title:
            self._block(title, TITLE, span / 1.6, 28.0)  # 16-pt text is wider than 10-pt
        for line in info:
            self._block(line, INFO, span, LINE_HEIGHT + 2)
        if title or info:
            self.row += 1  # a blank line between the title block and the table
            ws.heights[self.row] = 6
        self.row += 1
        self.header_row = self.row
        height = 1
        for c, col in enumerate(columns, 1):
            ws.put(self.row, c, col.header, HEADER)
            ws.widths[c] = (col.width, col.hidden)
            height = max(height, lines(col.header, col.width))
        ws.heights[self.row] = height * LINE_HEIGHT + ROW_PADDING + 2

    def _block(self, text: str, style: str, span: float, line_height: float) -> None:
        """One line of the title block, merged across the printed columns."""
        self.row += 1
        value, quote = text_value(text)
        self.ws.put(self.row, 1, value, style, quote)
        self._merge()
        self.ws.heights[self.row] = lines(value, span) * line_height + ROW_PADDING

    def _merge(self) -> None:
        if self.printed > 1:
            self.ws.merges.append(f"A{self.row}:{get_column_letter(self.printed)}{self.row}")

    def append(self, values: Sequence[Any]) -> int:
        self.row += 1
        height = 1
        for c, (col, value) in enumerate(zip(self.columns, values), 1):
            value, quote = text_value(value)
            self.ws.put(self.row, c, value, CENTER if col.center else LEFT, quote)
            if c <= self.printed and value is not None and value != "":
                # the row is sized for the printed page; other columns are read on screen
                height = max(height, lines(value if isinstance(value, str) else str(value), col.width))
        self.ws.heights[self.row] = min(height, MAX_LINES) * LINE_HEIGHT + ROW_PADDING
        return self.row

    def note(self, text: str) -> int:
        """A row of words across the printed columns (e.g. "nothing to correct")."""
        self.row += 1
        value, quote = text_value(text)
        self.ws.put(self.row, 1, value, LEFT, quote)
        self._merge()
        span = sum(c.width for c in self.columns[:self.printed])
        self.ws.heights[self.row] = lines(value, span) * LINE_HEIGHT + ROW_PADDING
        return self.row

    def restyle(self, row: int, column: int, style: str | None) -> None:
        """Give one cell another style (a fill colour that carries meaning)."""
        if style is not None:
            self.ws.restyle(row, column, style)

    def column_of(self, header: str) -> int:
        return next(i for i, c in enumerate(self.columns, 1) if c.header == header)

    def finish(self, footer: str, filter_rows: bool = True) -> None:
        """Frozen header, filter over the data, A4-landscape print of the printed columns."""
        ws, h = self.ws, self.header_row
        last = get_column_letter(len(self.columns))
        ws.freeze_row = h + 1
        if filter_rows:
            ws.filter_ref = f"A{h}:{last}{max(self.row, h)}"
        ws.print_rows = (h, h)
        ws.print_area = f"A1:{get_column_letter(self.printed)}{max(self.row, h)}"
        # "&9" is the font size; the font code after it keeps a title starting with a digit apart.
        ws.footer = (f'&L&9&"-,Regular"{footer_text(footer)} — {footer_text(ws.title)}'
                     '&R&9&"-,Regular"第 &P 页，共 &N 页')
