"""Scanned reports: image files and image-only PDF pages read by OCR into a Document.

The result has the same shape as every other reader's: running text line by line and
each ruled table as a ``Grid`` (written one row per line through ``TextBuilder``), so
the parser's row-label reader and every rule run unchanged. What is OCR-specific is
carried alongside: ``Document.ocr`` holds the page images' geometry and, for every
piece of text, its page, pixel box and confidence (the window outlines a cell on the
page image from it); value cells whose reading is not certain carry a ``CellDoubt``
(unknown when the reading is not usable); the parser says them as doubts once it knows
which table cell each one is (``app.parse.ocr_cells``).

Limits keep a scan from hanging a batch: at most ``MAX_PAGES`` pages are read, the
reading stops (with a doubt) once ``PAGE_SECONDS`` per page are used up, and images
are scaled to a bounded size before anything else runs.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.ingest.layout import TextBuilder, clean_cell, expand, fill_label_blanks
from app.ingest.ocr_progress import page_read
from app.ingest.ocr_read import PageRead, Piece, TableRead
from app.ingest.ocr_unruled import TextTable
from app.ingest.ocr_values import judge, looks_numeric
from app.model import CellDoubt, Document, GridCell, OcrBox, OcrInfo, OcrPage, ParseWarning, ReadError

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
PDF_DPI = 200  # chosen by measurement (installer/README.md, benchmarks/bench_ocr.py)
MAX_PAGES = 40
MAX_RENDER_PIXELS = 12_000_000  # a PDF page is rendered at most this large (an A4 page at 200 dpi: 3.9 M)
PAGE_SECONDS = 60.0  # time budget per page, summed over the pages read
_PAGE_NUMBER = re.compile(r"^\s*(?:[-－—–一]\s*\d{1,4}\s*[-－—–一]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})\s*$")


@dataclass
class _Placed:
    """A grid cell waiting for its span, with where it was read."""

    cell: GridCell
    page: int
    box: tuple[int, int, int, int]
    confidence: float
    read: str


@dataclass
class _Joined:
    """One table as printed: its parts (one per page) and the grid rows each part holds."""

    parts: list[tuple[int, TableRead]]  # (page, table read on it)
    rows: list[list[GridCell]] = field(default_factory=list)
    part_rows: list[range] = field(default_factory=list)
    grid: object = None


@dataclass
class OcrPages:
    """Pages read by OCR, ready to be written into a TextBuilder in page order."""

    reads: dict[int, PageRead] = field(default_factory=dict)
    warnings: list[ParseWarning] = field(default_factory=list)
    seconds: float = 0.0
    _placed: list[_Placed] = field(default_factory=list)
    _lines: list[tuple[int, int, Piece, int]] = field(default_factory=list)  # start, page, piece, end
    _tables: dict[int, tuple[_Joined, int]] | None = None  # id(TableRead) -> (joined table, part)

    def _items(self, index: int) -> list:
        pr = self.reads[index]
        return [it[1] for it in pr.items() if not (isinstance(it[1], list) and _is_furniture(it[1]))]

    def _plan(self) -> None:
        """Join a table ending a page to the table starting the next page, then build grids."""
        self._tables = {}
        joined: list[_Joined] = []
        prev_last = None  # (page, TableRead) when the previous page ended with a table
        for index in sorted(self.reads):
            items = self._items(index)
            for k, item in enumerate(items):
                if isinstance(item, list):
                    continue
                if k == 0 and prev_last is not None and prev_last[0] == index - 1 \
                        and _same_frame(prev_last[1], item):
                    joined[-1].parts.append((index, item))
                else:
                    joined.append(_Joined([(index, item)]))
            last = items[-1] if items else None
            prev_last = (index, last) if isinstance(last, TableRead) else None
        for j in joined:
            _build(j, self._placed)
            for k, (_, item) in enumerate(j.parts):
                self._tables[id(item)] = (j, k)

    def write_page(self, builder: TextBuilder, index: int) -> None:
        """Write page ``index`` (already read) into ``builder`` between start/end_page."""
        if self._tables is None:
            self._plan()
        for item in self._items(index):
            if isinstance(item, list):
                self._write_line(builder, index, item)
                continue
            j, k = self._tables[id(item)]
            if j.grid is None:
                j.grid = builder.new_grid(j.rows, page=index)
            for r in j.part_rows[k]:
                builder.add_grid_row(j.grid, r)

    def _write_line(self, builder: TextBuilder, page: int, pieces: list[Piece]) -> None:
        pos = builder.pos
        parts = []
        for p in pieces:
            text = clean_cell(p.text)
            if not text:
                continue
            if parts:
                pos += 1
            self._lines.append((pos, page, p, pos + len(text)))
            parts.append(text)
            pos += len(text)
        builder.add_line(" ".join(parts))

    def info(self) -> OcrInfo:
        """Provenance of everything written (call after ``builder.finish()``)."""
        info = OcrInfo(seconds=self.seconds)
        for i in sorted(self.reads):
            pr = self.reads[i]
            info.pages.append(OcrPage(i, pr.size[0], pr.size[1], pr.angle, pr.scale, pr.dpi))
        for start, page, p, end in self._lines:
            info.boxes.append(OcrBox((start, end), page, p.box, round(p.confidence, 3), p.text))
        for pl in self._placed:
            if pl.cell.span is not None:
                info.boxes.append(OcrBox(pl.cell.span, pl.page, pl.box, round(pl.confidence, 3), pl.read))
        info.boxes.sort(key=lambda b: b.span)
        return info


def _is_furniture(pieces: list[Piece]) -> bool:
    return len(pieces) == 1 and bool(_PAGE_NUMBER.match(pieces[0].text))


def _where(page: int) -> str:
    return f"第 {page + 1} 页"


def _same_frame(a: TableRead, b: TableRead) -> bool:
    """Does ``b`` continue ``a``: the same left and right borders (same scale, same table)?
    For tables without lines: the same value columns."""
    tol = max(12, (a.table.box[2] - a.table.box[0]) // 60)
    if isinstance(a.table, TextTable) or isinstance(b.table, TextTable):
        ca, cb = getattr(a.table, "columns", None), getattr(b.table, "columns", None)
        return ca is not None and cb is not None and len(ca) == len(cb) and all(
            abs((x0 + x1) - (y0 + y1)) <= 2 * tol for (x0, x1), (y0, y1) in zip(ca, cb))
    return abs(a.table.box[0] - b.table.box[0]) <= tol and abs(a.table.box[2] - b.table.box[2]) <= tol


def _edges(values: list[int], tol: int) -> list[int]:
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(e) // len(e) for e in out]


def _nearest(edges: list[int], v: int) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _build(j: _Joined, placed: list[_Placed]) -> None:
    """The joined table as one grid: columns from the x-edges of every part's cells, rows
    stacked part after part (a header repeated on the next page dropped), value cells
    judged, every cell remembered for provenance."""
    first = j.parts[0][1].table
    tol = max(8, (first.box[2] - first.box[0]) // 150)
    xs = _edges([v for _, t in j.parts for cr in t.cells for v in (cr.cell.box[0], cr.cell.box[2])], tol)
    entries = []  # (row, col, rowspan, colspan, CellRead, page)
    offset = 0
    header: list[str] = []
    for k, (page, t) in enumerate(j.parts):
        by_row: dict[int, list] = {}
        for cr in t.cells:
            c0, c1 = _nearest(xs, cr.cell.box[0]), _nearest(xs, cr.cell.box[2])
            by_row.setdefault(cr.cell.row, []).append((cr, c0, max(c1 - c0, 1)))
        skip = 0
        if k > 0:  # a header repeated at the top of the continuation is not read twice
            while skip < t.table.n_rows and _key(by_row.get(skip, [])) in header and _key(by_row.get(skip, [])):
                skip += 1
        for cr_list in by_row.values():
            for cr, c0, cs in cr_list:
                if cr.cell.row + cr.cell.rowspan <= skip:
                    continue  # wholly inside the dropped header
                top = max(cr.cell.row, skip)
                entries.append((top - skip + offset, c0, cr.cell.row + cr.cell.rowspan - top, cs, cr, page))
        if k == 0:
            header = [_key(by_row.get(r, [])) for r in range(min(3, t.table.n_rows))]
        n = t.table.n_rows - skip
        j.part_rows.append(range(offset, offset + n))
        offset += n
    entries = list({(e[0], e[1]): e for e in entries}.values())
    n_rows, n_cols = offset, max(len(xs) - 1, 1)
    numeric = {(e[0], e[1]) for e in entries if looks_numeric(e[4].text)}
    data_rows = {r for r in range(n_rows) if sum(1 for (rr, _c) in numeric if rr == r) >= 2}
    value_cols = set()
    for c in range(n_cols):
        filled = [e for e in entries if e[1] == c and e[3] == 1 and e[0] in data_rows and e[4].text.strip()]
        if filled and sum(1 for e in filled if (e[0], c) in numeric) >= 0.6 * len(filled):
            value_cols.add(c)
    cells, meta = [], {}
    # a row's label, then a single figure (表二 ``行政许可 | 0``, the figure often merged over
    # the block's columns): that figure is a value cell too
    labelled = {(e[0], e[1]) for e in entries if (e[0], e[1]) in numeric
                and any(o[0] == e[0] and o[1] < e[1] and o[4].text.strip() and (o[0], o[1]) not in numeric
                        for o in entries)}
    for r, c, rs, cs, cr, page in entries:
        doubt = None
        if (r in data_rows and c in value_cols and cs == 1) or cr.cell.figure or (r, c) in labelled:
            text, doubt = judge(cr.text, cr.confidence, _where(page))
            if cr.cell.note and doubt is not None:
                doubt.reason = f"{doubt.reason}；{cr.cell.note}"
            elif cr.cell.note and text:
                doubt = CellDoubt(f"{_where(page)}识别为“{text}”，{cr.cell.note}", cr.text)
        else:
            text = clean_cell(cr.text)
        cells.append((r, c, rs, cs, text))
        meta[(r, c)] = (doubt, cr, page)
    rows = expand(sorted(cells), n_rows, n_cols)
    for (r, c), (doubt, cr, page) in meta.items():
        cell = rows[r][c]
        if cell.is_repeat:
            continue
        cell.doubt = doubt
        box = _union([p.box for p in cr.pieces]) or cr.cell.box
        placed.append(_Placed(cell, page, box, cr.confidence, cr.text))
    fill_label_blanks(rows)
    j.rows = rows


def _key(row_cells: list) -> str:
    return "|".join(re.sub(r"\s", "", cr.text) for cr, _c, _s in sorted(row_cells, key=lambda e: e[1]))


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int] | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class PageReader:
    """Reads page images one at a time within the time budget, with one engine."""

    def __init__(self, name: str, threads: int = 2):
        from app.ingest.ocr_engine import OcrEngine

        self.name = name
        self.engine = OcrEngine(threads)
        self.pages = OcrPages()
        self.started = time.perf_counter()

    def read(self, rgb: np.ndarray, index: int, dpi: float | None, count: int) -> bool:
        """Read one page; False when the time budget is spent (the page is not read)."""
        from app.ingest.ocr_page import prepare
        from app.ingest.ocr_read import read_page

        used = time.perf_counter() - self.started
        if used > PAGE_SECONDS * count:
            self.pages.warnings.append(ParseWarning(
                "ocr-timeout", f"文字识别用时超过限制（{used:.0f} 秒），第 {index + 1} 页及以后的页面未识别。",
                None, f"第 {index + 1} 页"))
            return False
        if not self.pages.reads:
            page_read(self.name, 0, count)
        self.pages.reads[index] = read_page(self.engine, prepare(rgb, index, dpi))
        _give_back_memory()
        self.pages.seconds = time.perf_counter() - self.started
        page_read(self.name, len(self.pages.reads), count)
        return True


def _give_back_memory() -> None:
    """Return the freed page buffers to the system after each page (glibc only).

    A page's networks allocate and free a few hundred MB of differently sized buffers;
    glibc keeps freed heap memory for reuse, so a worker process read page after page
    grew to over 1 GB although it needs about half of that at any moment. Windows returns
    large freed blocks by itself; elsewhere there is nothing to call.
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl): nothing to give back this way
        pass


def ocr_notice(pages: list[int], total: int) -> ParseWarning:
    """The doubt every OCR-read report carries: which pages were recognised from images."""
    which = "全部页面" if len(pages) == total else "第 " + "、".join(str(i + 1) for i in pages) + " 页"
    return ParseWarning("ocr-read", f"本报告{which}是扫描图片，内容由文字识别（OCR）读出，"
                        "识别不确定的数字已标为无法读取或存疑；请对照原件核对表格数字。")


def read_image(path: str | Path) -> Document:
    """Read a .jpg/.png/.tif scan (a multi-page TIFF is one report) into a Document."""
    from app.ingest.ocr_page import load_image_file

    p = Path(path)
    frames = load_image_file(p, MAX_PAGES)
    reader = PageReader(p.name)
    read = []
    for i, (rgb, dpi) in enumerate(frames):
        if not reader.read(rgb, i, dpi, len(frames)):
            break
        read.append(i)
    builder = TextBuilder()
    for i in read:
        builder.start_page()
        reader.pages.write_page(builder, i)
        builder.end_page()
    text = builder.finish()
    if not text.strip():
        raise ReadError("image_no_text", f"图片中没有识别出文字：{p.name}。请确认这是年报的扫描件，且扫描清晰。")
    warnings = [ocr_notice(read, len(frames))] + reader.pages.warnings
    return Document(path=str(path), format="image", text=text, grids=builder.grids, pages=builder.pages,
                    warnings=warnings, ocr=reader.pages.info())


def read_pdf_scans(pdf, indices: list[int], name: str) -> OcrPages:
    """Render and read the given pages of an open pdfium document (the PDF reader's hook)."""
    indices = indices[:MAX_PAGES]
    reader = PageReader(name)
    for i in indices:
        page = pdf[i]
        try:
            w, h = page.get_size()
            scale = min(PDF_DPI / 72, (MAX_RENDER_PIXELS / max(w * h, 1.0)) ** 0.5)
            bitmap = page.render(scale=scale)
            rgb = np.asarray(bitmap.to_pil().convert("RGB"))
        finally:
            page.close()
        if not reader.read(rgb, i, scale * 72, len(indices)):
            break
    return reader.pages
