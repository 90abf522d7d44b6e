"""Ruled tables of a PDF through pdfplumber: cells with coordinates, joined across pages.

pdfplumber is slow (it lays out every character), so it only ever sees the pages that
hold table keywords. Its table finder returns cells as boxes; merged cells come back as
``None`` in ``extract()``, so the grid is rebuilt here from the cell coordinates, and a
table split by a page break (pdfplumber never stitches) is joined to its continuation,
including a merged label split in two (``（四）无`` / ``法提供``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.ingest.layout import clean_cell, distinct_cells, expand, fill_label_blanks, is_number, starts_numbered
from app.model import GridCell

X_TOL = 3.0  # column edges closer than this are one edge (jitter between pages)
Y_TOL = 1.5
JOIN_X_TOL = 8.0  # a continuation has the same left/right borders within this
_KEYWORD_ROW = re.compile(r"第二十条|信息内容|申请人情况|行政复议|行政诉讼")
_SECTION_HEAD = re.compile(r"^[一二三四五六]、\S{6,}")


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass
class TablePart:
    """One table as pdfplumber found it on one page."""

    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom (pdfplumber coordinates)
    boxes: list[Box]
    rows: list[tuple[float, float, list[str]]]  # (top, bottom, cell texts) per pdfplumber row


@dataclass
class JoinedTable:
    """One or more parts read as one table; part k's y coordinates are moved by shift[k]."""

    parts: list[TablePart]
    starts: list[float]  # where each part begins in the joined coordinates
    boxes: list[Box] = field(default_factory=list)

    def part_of(self, y: float) -> int:
        """Index of the part holding joined coordinate ``y``."""
        k = 0
        for i, s in enumerate(self.starts):
            if y >= s - Y_TOL:
                k = i
        return k


class TablesUnreadable(Exception):
    """pdfplumber (pdfminer) cannot open a PDF that pdfium reads: a damaged xref, a /Prev loop."""


def find_parts(path: str, pages: list[int], page_count: int | None = None) -> tuple[list[TablePart], list[int]]:
    """Tables of the given pages (0-based). Returns the parts and the pages that failed.

    Raises ``TablesUnreadable`` when pdfminer cannot open the file at all, or counts
    other pages than pdfium's ``page_count`` (a damaged page tree: page i would not be
    the same page, and a table would be read from the wrong page); the caller then
    keeps pdfium's text, which it has already read.
    """
    import pdfplumber

    from app.ingest.pdfminer_limits import install

    install()
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds (PdfminerException, RecursionError, …)
        raise TablesUnreadable(type(exc).__name__) from None
    try:
        return _find_parts(pdf, pages, page_count)
    finally:
        try:
            pdf.close()  # pdfplumber's close walks every page again: it may raise on a damaged one
        except Exception:
            pass


def _find_parts(pdf, pages: list[int], page_count: int | None) -> tuple[list[TablePart], list[int]]:
    """The tables of ``pages`` in an open pdfplumber document (see ``find_parts``)."""
    parts: list[TablePart] = []
    failed: list[int] = []
    if page_count is not None:
        try:
            same = len(pdf.pages) == page_count
        except Exception:
            same = False
        if not same:
            raise TablesUnreadable("page count")
    for i in pages:
        try:
            page = pdf.pages[i]
        except Exception:  # pdfminer's page tree differs from pdfium's, or is damaged
            failed.append(i)
            continue
        try:
            clean = page.dedupe_chars()  # fake-bold text is printed twice
            for table in clean.find_tables():
                texts = table.extract()
                boxes: list[Box] = []
                rows: list[tuple[float, float, list[str]]] = []
                for row, row_texts in zip(table.rows, texts):
                    rows.append((row.bbox[1], row.bbox[3], [clean_cell(t) for t in row_texts]))
                    for bbox, text in zip(row.cells, row_texts):
                        if bbox is not None:
                            boxes.append(Box(bbox[0], bbox[1], bbox[2], bbox[3], text or ""))
                if boxes:
                    parts.append(TablePart(i, tuple(table.bbox), boxes, rows))
        except Exception:  # a page pdfplumber cannot lay out keeps its plain text
            failed.append(i)
        finally:
            page.close()
    return parts, failed


def join_parts(parts: list[TablePart], alone: dict[int, tuple[bool, bool]]) -> list[JoinedTable]:
    """Join a table ending a page to the table starting the next page.

    ``alone[page] = (nothing_above_first_table, nothing_below_last_table)`` says whether
    running text (page furniture excluded) sits between the table and the page edge.
    """
    tables: list[JoinedTable] = []
    for part in sorted(parts, key=lambda p: (p.page, p.bbox[1])):
        prev = tables[-1] if tables else None
        if prev is not None and _continues(prev.parts[-1], part, parts, alone):
            _append(prev, part)
        else:
            t = JoinedTable([part], [part.bbox[1]], [Box(b.x0, b.top, b.x1, b.bottom, b.text) for b in part.boxes])
            tables.append(t)
    return tables


def _continues(a: TablePart, b: TablePart, parts: list[TablePart], alone: dict[int, tuple[bool, bool]]) -> bool:
    if b.page != a.page + 1:
        return False
    last_on_a = max((p for p in parts if p.page == a.page), key=lambda p: p.bbox[3])
    first_on_b = min((p for p in parts if p.page == b.page), key=lambda p: p.bbox[1])
    if last_on_a is not a or first_on_b is not b:
        return False
    if not alone.get(a.page, (False, False))[1] or not alone.get(b.page, (False, False))[0]:
        return False
    return abs(a.bbox[0] - b.bbox[0]) <= JOIN_X_TOL and abs(a.bbox[2] - b.bbox[2]) <= JOIN_X_TOL


def _compact(cells: list[str]) -> str:
    return "|".join(re.sub(r"\s", "", c) for c in cells)


def _append(table: JoinedTable, part: TablePart) -> None:
    first = table.parts[0]
    # a header repeated at the top of the continuation is not read twice
    skip_until = None
    for k, (top, bottom, texts) in enumerate(part.rows):
        if k < len(first.rows) and any(texts) and _compact(texts) == _compact(first.rows[k][2]):
            skip_until = bottom
        else:
            break
    new = [b for b in part.boxes if skip_until is None or b.top >= skip_until - Y_TOL]
    top_edge = min((b.top for b in new), default=part.bbox[1])
    prev_bottom = max(b.bottom for b in table.boxes)
    shift = prev_bottom - top_edge
    table.parts.append(part)
    table.starts.append(prev_bottom)
    value_x = min((b.x0 for b in table.boxes + new if is_number(clean_cell(b.text))), default=1e9)
    for b in new:
        moved = Box(b.x0, b.top + shift, b.x1, b.bottom + shift, b.text)
        if abs(b.top - top_edge) <= Y_TOL and b.x1 <= value_x + X_TOL:
            above = _cell_above(table.boxes, moved, prev_bottom)
            if above is not None and _same_cell(above.text, b.text):
                above.bottom = moved.bottom
                above.text = f"{above.text}\n{b.text}" if b.text.strip() else above.text
                continue
        table.boxes.append(moved)


def _cell_above(boxes: list[Box], b: Box, edge: float) -> Box | None:
    for a in boxes:
        if abs(a.bottom - edge) <= Y_TOL and abs(a.x0 - b.x0) <= X_TOL and abs(a.x1 - b.x1) <= X_TOL:
            return a
    return None


def _same_cell(above: str, below: str) -> bool:
    """A label cell cut by the page break: the lower half is empty or does not start a label."""
    a, b = clean_cell(above), clean_cell(below)
    if is_number(a) or is_number(b):
        return False
    return not b or (bool(a) and not starts_numbered(b))


def _cluster(values: list[float], tol: float) -> list[float]:
    edges: list[list[float]] = []
    for v in sorted(values):
        if edges and v - edges[-1][-1] <= tol:
            edges[-1].append(v)
        else:
            edges.append([v])
    return [sum(e) / len(e) for e in edges]


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


@dataclass
class TableGrid:
    """A joined table as grids: which rows are real table rows, which are running text."""

    rows: list[list[GridCell]]  # the whole joined table, for the running-text rows
    row_tops: list[float]  # each row's top in joined coordinates
    segments: list[tuple[int, list[list[GridCell]]]]  # (first row, grid rows) of each real table


def to_grid(table: JoinedTable) -> TableGrid:
    xs = _cluster([v for b in table.boxes for v in (b.x0, b.x1)], X_TOL)
    ys = _cluster([v for b in table.boxes for v in (b.top, b.bottom)], Y_TOL)
    n_rows, n_cols = max(len(ys) - 1, 1), max(len(xs) - 1, 1)
    cells = []
    for b in table.boxes:
        r0, r1 = _index(ys, b.top), _index(ys, b.bottom)
        c0, c1 = _index(xs, b.x0), _index(xs, b.x1)
        cells.append((r0, c0, max(r1 - r0, 1), max(c1 - c0, 1), clean_cell(b.text)))
    rows = expand(cells, n_rows, n_cols)
    prose = {r for r, row in enumerate(rows) if _is_prose(row, r)}
    segments: list[tuple[int, list[list[GridCell]]]] = []
    start = None
    for r in range(n_rows + 1):
        if r < n_rows and r not in prose:
            start = r if start is None else start
            continue
        if start is not None:
            if sum(1 for rr in range(start, r) if distinct_cells(rows[rr], rr) >= 2) >= 2:
                seg = rebase(rows, start, r)
                fill_label_blanks(seg)
                segments.append((start, seg))
            start = None
    return TableGrid(rows, ys[:n_rows], segments)


def rebase(rows: list[list[GridCell]], s: int, e: int) -> list[list[GridCell]]:
    """Rows [s, e) as a grid of their own; a repeat of a cell outside becomes a plain cell."""
    out = []
    for row in rows[s:e]:
        new = []
        for cell in row:
            o = cell.origin
            if o is not None and s <= o[0] < e:
                new.append(GridCell(cell.text, origin=(o[0] - s, o[1])))
            else:
                new.append(GridCell(cell.text))
        out.append(new)
    return out


def _is_prose(row: list[GridCell], r: int) -> bool:
    """A row that is one cell across the table and not a table header: running text."""
    if distinct_cells(row, r) != 1:
        return False
    text = row[0].text
    return not (_KEYWORD_ROW.search(text) and not _SECTION_HEAD.match(text))
