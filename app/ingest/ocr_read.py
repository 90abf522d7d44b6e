"""One page image read by OCR: ruled tables cell by cell, the running text line by line.

Inside a ruled table the cells are already known from the ruling lines, so the text
detector is not needed there: each cell's ink is cut into lines and recognised, which
is both faster (a number cell is a tiny crop) and exact about which cell a figure
belongs to. The running text around the tables (headings, paragraphs) goes through the
detector, band by band, then the recogniser; the table cells are recognised while the
detector works. Among the running text's boxes, a table printed without lines is found
by its figures (``ocr_unruled``) and its figures are read again from their ink, like
ruled cells. Every piece keeps its pixel box and its confidence: that is the
provenance the window outlines on the page image.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from app.ingest.ocr_engine import OcrEngine
from app.ingest.ocr_grid import CellBox, RuledTable, find_tables, text_lines
from app.ingest.ocr_image import dilate
from app.ingest.ocr_page import PageImage
from app.ingest.ocr_unruled import TextCell, TextTable, find_text_tables, reading_order

# Margins around a cell's ink when cut for the recogniser. Measured on the table fixtures:
# more than 2 px above and below makes a lone "0" come back as "o" or with low confidence.
CELL_PAD_X, CELL_PAD_Y = 4, 2


@dataclass
class Piece:
    """A recognised line of text with its box (work-image pixels) and confidence."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


@dataclass
class CellRead:
    cell: CellBox
    pieces: list[Piece]  # the lines of text in the cell, top to bottom

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pieces)

    @property
    def confidence(self) -> float:
        return min((p.confidence for p in self.pieces), default=1.0)


@dataclass
class TableRead:
    table: RuledTable | TextTable
    cells: list[CellRead]

    @property
    def top(self) -> int:
        return self.table.box[1]


@dataclass
class PageRead:
    """What OCR found on one page, as lines and tables ordered top to bottom."""

    index: int
    size: tuple[int, int]  # width, height of the work image
    angle: float
    scale: float
    dpi: float | None
    lines: list[list[Piece]] = field(default_factory=list)  # each line: its pieces left to right
    tables: list[TableRead] = field(default_factory=list)

    def items(self) -> list[tuple[int, object]]:
        """(top y, line or table) in reading order."""
        out: list[tuple[int, object]] = [(min(p.box[1] for p in ln), ln) for ln in self.lines]
        out += [(t.top, t) for t in self.tables]
        return sorted(out, key=lambda it: it[0])


def _crop(rgb: np.ndarray, box: tuple[int, int, int, int], padx: int, pady: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    return np.ascontiguousarray(rgb[max(0, y0 - pady):min(h, y1 + pady), max(0, x0 - padx):min(w, x1 + padx)])


def read_page(engine: OcrEngine, page: PageImage) -> PageRead:
    """Read one prepared page."""
    h, w = page.ink.shape
    out = PageRead(page.index, (w, h), page.angle, page.scale, page.dpi)
    tables = find_tables(page.ink)
    clean = page.ink
    rgb = page.rgb
    if tables:
        lines = np.zeros(page.ink.shape, bool)
        for t in tables:
            lines |= t.lines > 0
        lines = dilate(lines, 3, 3)
        clean = np.where(lines, 0, page.ink).astype(np.uint8)
        rgb = rgb.copy()
        rgb[lines] = 255  # ruling lines never reach the recogniser
    # the table cells are recognised while the detector looks at the text around the tables
    with ThreadPoolExecutor(engine.threads) as pool:
        bands = [(y0, y1) for y0, y1 in _bands(h, [t.box for t in tables]) if clean[y0:y1].any()]
        found = [(y0, pool.submit(engine.detect, rgb[y0:y1])) for y0, y1 in bands]
        crops: list[np.ndarray] = []
        owners: list[tuple[CellRead, tuple[int, int, int, int]]] = []
        for t in tables:
            read = TableRead(t, [])
            for cb in t.cells:
                cr = CellRead(cb, [])
                read.cells.append(cr)
                for box in text_lines(clean, cb.box):
                    crops.append(_crop(rgb, box, CELL_PAD_X, CELL_PAD_Y))
                    owners.append((cr, box))
            out.tables.append(read)
        cells_read = engine.recognise_later(crops, pool)
        prose: list[Piece] = []
        for y0, boxes in found:
            for x0, by0, x1, by1 in boxes.result():
                box = (x0, y0 + by0, x1, y0 + by1)
                if box[2] - box[0] < 4 or box[3] - box[1] < 6:
                    continue
                prose.append(Piece("", box, 0.0))
        prose_read = engine.recognise_later([_crop(rgb, p.box, 2, 2) for p in prose], pool)
        for (owner, box), rec in zip(owners, cells_read()):
            if rec.text.strip():
                owner.pieces.append(Piece(rec.text.strip(), box, rec.confidence))
        for piece, rec in zip(prose, prose_read()):
            piece.text, piece.confidence = rec.text.strip(), rec.confidence
        prose = [p for p in prose if p.text]
        taken = _text_tables(engine, pool, prose, clean, rgb, out)
    out.lines = _into_lines([p for p in prose if id(p) not in taken])
    return out


def _text_tables(engine: OcrEngine, pool, prose: list[Piece], clean: np.ndarray, rgb: np.ndarray,
                 out: PageRead) -> set[int]:
    """Tables without ruling lines among the text boxes (``ocr_unruled``): their figures and
    cut-back labels read like ruled cells; returns the ids of the boxes they took."""
    found = find_text_tables(prose, clean)
    if not found:
        return set()
    jobs: list[tuple[TextCell, tuple[int, int, int, int]]] = [(tc, box) for _t, cells, _u in found
                                                               for tc in cells for box in tc.to_read]
    reads = engine.recognise_later([_crop(rgb, box, CELL_PAD_X, CELL_PAD_Y) for _tc, box in jobs], pool)()
    for (tc, box), rec in zip(jobs, reads):
        if rec.text.strip():
            tc.pieces.append(Piece(rec.text.strip(), box, rec.confidence))
    taken: set[int] = set()
    for table, cells, used in found:
        taken |= {id(p) for p in used}
        read = TableRead(table, [])
        for tc in cells:
            pieces = tc.pieces if tc.cell.figure else reading_order(tc.pieces)
            read.cells.append(CellRead(tc.cell, pieces))
        out.tables.append(read)
    return taken


def _bands(h: int, boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """The horizontal bands of the page not covered by a table."""
    out, y = [], 0
    for _, top, _, bottom in sorted(boxes, key=lambda b: b[1]):
        if top - y > 12:
            out.append((y, top))
        y = max(y, bottom)
    if h - y > 12:
        out.append((y, h))
    return out


def _into_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Group detected pieces into lines: a piece joins a line when their vertical extents
    overlap by more than half the smaller height."""
    lines: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        placed = False
        for ln in lines:
            a0 = min(q.box[1] for q in ln)
            a1 = max(q.box[3] for q in ln)
            overlap = min(a1, p.box[3]) - max(a0, p.box[1])
            if overlap > 0.5 * min(a1 - a0, p.box[3] - p.box[1]):
                ln.append(p)
                placed = True
                break
        if not placed:
            lines.append([p])
    for ln in lines:
        ln.sort(key=lambda p: p.box[0])
    return sorted(lines, key=lambda ln: min(q.box[1] for q in ln))
