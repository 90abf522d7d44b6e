"""Assemble a Document's text from paragraphs and table grids, shared by PDF, Word and HTML.

Every format reader ends up with the same two kinds of content: lines of running text
and tables already expanded into rectangular grids. ``TextBuilder`` writes both into one
plain text, one line per table row with the cells separated by tabs, and gives every
``GridCell`` the span of its characters in that text, so that the text reader and the
grid reader of the parser see the same table and every value keeps its provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.model import Grid, GridCell, Span

# Caps on merged cells: a report table has a dozen columns and a few dozen rows. A span of
# 99999999 (or 1000 on each of 40 000 rows) in a hostile file must not build a grid of
# billions of cells: spans are clipped, and a grid is never wider than MAX_COLS.
MAX_SPAN = 1000
MAX_COLS = 100
MAX_GRID_CELLS = 200_000  # beyond this a "table" is read as lines of text, not as a grid


def span_value(raw: str | None, default: int = 1, least: int = 1) -> int:
    """A rowspan/colspan/gridSpan/gridBefore attribute as a count in [least, MAX_SPAN].

    Whatever is not a plain count ("abc", "-5", "1e9", "99999999999") cannot break the
    reader: non-digits are dropped, the default stands in for nothing, and the cap holds.
    """
    digits = re.sub(r"\D", "", raw or "")[:7]
    return max(least, min(int(digits) if digits else default, MAX_SPAN))


def too_big(n_rows: int, n_cols: int) -> bool:
    return n_rows * n_cols > MAX_GRID_CELLS


def cells_as_lines(cells: list[tuple[int, int, int, int, str]]) -> list[str]:
    """The cells of a table too big for a grid, one line of text per row (no content is lost)."""
    rows: dict[int, list[str]] = {}
    for r, _c, _rs, _cs, text in cells:
        if text:
            rows.setdefault(r, []).append(text)
    return [" ".join(rows[r]) for r in sorted(rows)]


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2018-\u201f"
_WRAP = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b]+")
_NUMBER = re.compile(r"^[+\-−]?\d[\d,，]*(\.\d+)?\s*(元|万元|件|个|%)?$")
_NUMBERING = re.compile(r"^\s*([（(][一二三四五六七八九十\d]+[)）]|\d+\s*[.．、]|[一二三四五六七八九十]+、)")


def clean_cell(raw: str | None) -> str:
    """One cell's text on one line: line wraps and spaces next to Chinese characters removed.

    PDF and Word wrap long labels inside a cell (``商业\\n企业``, a vertical
    ``三\\n、\\n本\\n年…``) and PDFs put layout spaces inside words (``总 计``); neither is
    part of what was printed, and a tab or newline would break the one-row-per-line text.
    """
    if not raw:
        return ""
    s = raw.replace("\r", "\n").replace("\u3000", " ")
    s = _WRAP.sub("", s)
    s = _SPACES.sub(" ", s.replace("\n", " "))
    return s.strip()


def is_number(text: str) -> bool:
    """A cell that holds a figure (``1,234``, ``96171.6``, ``-8``, ``251000元``)."""
    t = text.strip().replace(" ", "")
    return bool(t) and bool(_NUMBER.match(t))


def starts_numbered(text: str) -> bool:
    """Text that begins a new row label (``（一）``, ``1.``, ``2、``, ``四、``)."""
    return bool(_NUMBERING.match(text))


def fill_label_blanks(rows: list[list[GridCell]]) -> None:
    """Turn empty cells in the label columns into repeats of their left neighbour.

    Label columns are the columns left of the first column that holds a number. An
    empty cell there is the unused part of a label (``（六）其他处理`` with no sub-label
    beside it); as a repeat it cannot be mistaken for a blank value by a reader that takes
    "the row's blank or numeric cells" as its values. Value columns are never touched,
    so a blank figure stays a blank (unknown) figure.
    """
    if not rows:
        return
    width = len(rows[0])
    first_value = width
    for row in rows:
        for c, cell in enumerate(row):
            if cell.origin is None and is_number(cell.text):
                first_value = min(first_value, c)
                break
    if first_value == width:
        return  # no figure anywhere: nothing tells label columns from blank value columns
    for r, row in enumerate(rows):
        for c in range(1, min(first_value, width)):
            cell = row[c]
            left = row[c - 1]
            if cell.origin is None and not cell.text and (left.text or left.origin):
                cell.origin = left.origin or (r, c - 1)
                cell.text = left.text


def distinct_cells(row: list[GridCell], r: int) -> int:
    """How many different cells (not repeats of one merged cell) row ``r`` holds."""
    return len({cell.origin or (r, c) for c, cell in enumerate(row)})


@dataclass
class TextBuilder:
    """Collects lines and grid rows into one text, recording spans as it goes."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    grids: list[Grid] = field(default_factory=list)
    pages: list[Span] = field(default_factory=list)
    _page_start: int | None = None

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def add_line(self, line: str) -> None:
        line = line.replace("\t", " ").rstrip()
        self._write(line + "\n")

    def add_text(self, text: str) -> None:
        for line in text.split("\n"):
            self.add_line(line)

    def blank_line(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n\n"):
            self._write("\n")

    def start_page(self) -> None:
        self._page_start = self.pos

    def end_page(self) -> None:
        if self._page_start is not None:
            self.pages.append((self._page_start, self.pos))
            self._page_start = None

    def new_grid(self, rows: list[list[GridCell]], page: int | None = None) -> Grid:
        grid = Grid(rows=rows, page=page)
        self.grids.append(grid)
        return grid

    def add_grid_row(self, grid: Grid, r: int) -> None:
        """Write row ``r`` of ``grid`` as one tab-separated line (repeats not written again)."""
        row = grid.rows[r]
        start = self.pos
        first = True
        for cell in row:
            if cell.origin is not None:
                continue
            if not first:
                self._write("\t")
            first = False
            cell.text = cell.text.replace("\t", " ").replace("\n", " ")
            cell.span = (self.pos, self.pos + len(cell.text))
            self._write(cell.text)
        self._write("\n")
        if grid.span is None:
            grid.span = (start, self.pos - 1)
        else:
            grid.span = (grid.span[0], self.pos - 1)

    def add_grid(self, rows: list[list[GridCell]], page: int | None = None) -> Grid:
        grid = self.new_grid(rows, page)
        for r in range(len(rows)):
            self.add_grid_row(grid, r)
        return grid

    def finish(self) -> str:
        """The text; repeat cells get the span of the cell they repeat."""
        for grid in self.grids:
            for row in grid.rows:
                for cell in row:
                    if cell.origin is not None and cell.span is None:
                        o = grid.rows[cell.origin[0]][cell.origin[1]]
                        cell.span = o.span
                        cell.text = o.text
        return "".join(self.parts)


def expand(cells: list[tuple[int, int, int, int, str]], n_rows: int, n_cols: int) -> list[list[GridCell]]:
    """Expand (row, col, rowspan, colspan, text) cells into a rectangular grid.

    Positions covered by a merged cell repeat its text with ``origin`` set; positions no
    cell covers become empty cells (blank = unknown).
    """
    grid: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for r, c, rs, cs, text in cells:
        if r >= n_rows or c >= n_cols or grid[r][c] is not None:
            continue
        grid[r][c] = GridCell(text)
        for rr in range(r, min(r + max(rs, 1), n_rows)):
            for cc in range(c, min(c + max(cs, 1), n_cols)):
                if (rr, cc) != (r, c) and grid[rr][cc] is None:
                    grid[rr][cc] = GridCell(text, origin=(r, c))
    return [[cell if cell is not None else GridCell("") for cell in row] for row in grid]
