"""Tables printed without ruling lines: rows by the figures' heights, columns by their x-ranges.

A table with no lines (a web page printed without borders, a Word table with its
borders removed) reaches the reader as text boxes found by the detector. What makes it
a table is its figures: short numeric readings standing apart, one above another in
columns. From them:

- a region is a run of lines close together (no gap of a line's height) holding at
  least two rows of two figures, or one row of three (table 四 has a single row);
- the columns are the clusters of the figures' x-centres; a figure the detector missed
  (a lone "0" often is) is found as ink in a figure row's height, right of its label,
  and a figure the detector glued to the end of a label (``…信息公开 0``) as the label's
  ink inside a column;
- the rows are the clusters of the figures' y-centres. A template may align one column
  at the top of a cell and the others in the middle (the 总计 of a two-line row stands
  half a line higher): a small cluster whose columns are exactly the ones missing from
  one neighbouring row, within a line's height of it, is that row's (its figures keep a
  doubt saying so, so that a wrong join gives doubts, never an error);
- every other box in the region is label text: it joins the figure row it lies within
  half a row of (a wrapped label, a group label printed beside it), else it is a row of
  its own (the header, a label's last line), which the row-label reader treats as it
  treats those rows in any other format.

Figures are then cut and read like the cells of a ruled table (tight around their ink,
``ocr_read``), not as the detector's looser boxes: a lone "0" read from a detector box
came back as "o" with confidence 0.5–0.8, from its ink box as "0" with 0.99.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import numpy as np

from app.ingest.ocr_grid import CellBox
from app.ingest.ocr_image import components
from app.ingest.ocr_values import figure_like

Box = tuple[int, int, int, int]


@dataclass
class TextTable:
    """A table found from text boxes; ``columns`` are its value columns' x-ranges."""

    box: Box
    n_rows: int
    n_cols: int
    cells: list[CellBox]
    columns: list[tuple[int, int]]


@dataclass
class TextCell:
    """A cell of a text table: boxes already read (labels) and ink boxes still to read."""

    cell: CellBox
    pieces: list = field(default_factory=list)  # ocr_read.Piece, already read
    to_read: list[Box] = field(default_factory=list)  # ink boxes for the recogniser


@dataclass
class _Figure:
    box: Box  # tight ink box
    detected: bool  # found by the detector (else: ink the detector missed)
    col: int = -1
    inferred: bool = False  # joined to its row as the complement of a neighbouring row

    @property
    def yc(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def xc(self) -> float:
        return (self.box[0] + self.box[2]) / 2


def find_text_tables(pieces: list, ink: np.ndarray) -> list[tuple[TextTable, list[TextCell], list]]:
    """Text tables among ``pieces`` (read detector boxes of the page, outside ruled tables).

    Returns per table: the table, its cells, and the pieces it took from the running text.
    """
    if len(pieces) < 3:
        return []
    line_h = median(p.box[3] - p.box[1] for p in pieces)
    out = []
    for region in _regions(pieces, line_h):
        got = _table(region, ink, line_h)
        if got is not None:
            out.append(got)
    return out


def _regions(pieces: list, line_h: float) -> list[list]:
    """Runs of boxes with no vertical gap of more than a line's height between them."""
    out: list[list] = []
    bottom = None
    for p in sorted(pieces, key=lambda p: p.box[1]):
        if out and p.box[1] <= bottom + 1.2 * line_h:
            out[-1].append(p)
            bottom = max(bottom, p.box[3])
        else:
            out.append([p])
            bottom = p.box[3]
    return out


def _ink_box(ink: np.ndarray, box: Box) -> Box | None:
    """The tight box of the ink inside ``box`` (None when there is none)."""
    x0, y0, x1, y1 = box
    sub = ink[max(0, y0):y1, max(0, x0):x1] > 0
    if sub.sum() < 12:
        return None
    ys, xs = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
    return (max(0, x0) + int(xs[0]), max(0, y0) + int(ys[0]), max(0, x0) + int(xs[-1]) + 1,
            max(0, y0) + int(ys[-1]) + 1)


def _table(region: list, ink: np.ndarray, line_h: float):
    figs_p = [p for p in region if figure_like(p.text) and p.box[2] - p.box[0] <= 8 * (p.box[3] - p.box[1])]
    if len(figs_p) < 3:
        return None
    figures = [_Figure(b, True) for p in figs_p if (b := _ink_box(ink, p.box)) is not None]
    if len(figures) < 3:
        return None
    fig_h = median(f.box[3] - f.box[1] for f in figures)
    labels = [p for p in region if p not in figs_p]
    figures += _missed(region, labels, figures, ink, fig_h)
    rows = _rows(figures, fig_h)
    if not (sum(1 for r in rows if len(r) >= 2) >= 2 or any(len(r) >= 3 for r in rows)):
        return None
    columns = _columns(figures, fig_h, sum(1 for r in rows if len(r) >= 2))
    if not columns:
        return None
    figures += _glued(labels, columns, rows, ink, fig_h)
    for f in figures:
        f.col = _column_of(f, columns)
    figures = [f for f in figures if f.col >= 0]
    text_h = median([p.box[3] - p.box[1] for p in labels] or [line_h])
    rows = _join_complements(_rows(figures, fig_h), len(columns), text_h)
    rows = [r for r in rows if r]
    if not (sum(1 for r in rows if len(r) >= 2) >= 2 or any(len(r) >= 3 for r in rows)):
        return None
    return _assemble(region, labels, rows, columns, ink, line_h)


def _missed(region: list, labels: list, figures: list[_Figure], ink: np.ndarray, fig_h: float) -> list[_Figure]:
    """Figures the detector did not box: ink in a figure row's height, right of every label
    box of that row and outside every box, shaped like a figure."""
    x0 = min(p.box[0] for p in region)
    x1 = max(p.box[2] for p in region)
    out: list[_Figure] = []
    seen: list[Box] = [f.box for f in figures]
    for band in _bands([f.box for f in figures], fig_h):
        y0, y1 = band
        right_of = max([p.box[2] for p in labels if p.box[1] < y1 and p.box[3] > y0], default=x0)
        sub = ink[y0:y1, right_of:x1] > 0
        blobs = components(sub)
        parts = [(right_of + int(blobs.x0[k]), y0 + int(blobs.y0[k]), right_of + int(blobs.x1[k]), y0 + int(blobs.y1[k]))
                 for k in range(len(blobs)) if blobs.area[k] >= 6]
        parts = [b for b in parts if not any(_inside(b, p.box) for p in region)]
        for box in _group(parts, fig_h * 0.5):
            w, h = box[2] - box[0], box[3] - box[1]
            if 0.5 * fig_h <= h <= 1.6 * fig_h and w <= 5 * fig_h and not any(_overlaps(box, s) for s in seen):
                out.append(_Figure(box, False))
                seen.append(box)
    return out


def _glued(labels: list, columns: list[tuple[int, int]], rows: list[list[_Figure]], ink: np.ndarray,
           fig_h: float) -> list[_Figure]:
    """Figures inside a label box that reaches into a value column (``…信息公开 0``)."""
    out = []
    have = {(_column_of(f, columns), round(f.yc)) for r in rows for f in r}
    bands = _bands([f.box for r in rows for f in r], fig_h)
    a, b = columns[0]
    for p in labels:
        # only a label box in a figure row, starting left of the first column and reaching into it
        if not (p.box[0] < a < p.box[2]) or not any(p.box[1] < y1 and p.box[3] > y0 for y0, y1 in bands):
            continue
        box = _ink_box(ink, (a, p.box[1], min(b, p.box[2]), p.box[3]))
        if box is None or box[3] - box[1] < 0.5 * fig_h:
            continue
        f = _Figure(box, False)
        if not any(col == 0 and abs(y - f.yc) < fig_h for col, y in have):
            out.append(f)
    return out


def _bands(boxes: list[Box], fig_h: float) -> list[tuple[int, int]]:
    """The y-ranges of the figure rows (boxes whose heights overlap, grown a little)."""
    out: list[list[int]] = []
    for b in sorted(boxes, key=lambda b: b[1]):
        if out and b[1] < out[-1][1]:
            out[-1][1] = max(out[-1][1], b[3])
        else:
            out.append([b[1], b[3]])
    grow = int(0.15 * fig_h)
    return [(max(0, a - grow), b + grow) for a, b in out]


def _group(parts: list[Box], gap: float) -> list[Box]:
    """Ink parts side by side (a few digits) joined into one box."""
    out: list[list[int]] = []
    for b in sorted(parts):
        if out and b[0] - out[-1][2] <= gap and b[1] < out[-1][3] and b[3] > out[-1][1]:
            o = out[-1]
            out[-1] = [o[0], min(o[1], b[1]), max(o[2], b[2]), max(o[3], b[3])]
        else:
            out.append(list(b))
    return [tuple(b) for b in out]


def _inside(a: Box, b: Box) -> bool:
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _columns(figures: list[_Figure], fig_h: float, n_rows: int) -> list[tuple[int, int]]:
    """Value columns: the x-centres of the figures clustered (a gap of a figure's height
    or more starts a new column); each column's range is its figures' extent. A column of
    figures the detector missed only counts when it holds a figure in half the rows or
    more (a speck of dirt is no column)."""
    clusters: list[list[_Figure]] = []
    for f in sorted(figures, key=lambda f: f.xc):
        if clusters and f.xc - clusters[-1][-1].xc <= fig_h:
            clusters[-1].append(f)
        else:
            clusters.append([f])
    pad = int(0.2 * fig_h)
    return [(min(f.box[0] for f in c) - pad, max(f.box[2] for f in c) + pad) for c in clusters
            if any(f.detected for f in c) or 2 * len(c) >= max(n_rows, 1)]


def _column_of(f: _Figure, columns: list[tuple[int, int]]) -> int:
    for c, (a, b) in enumerate(columns):
        if a <= f.xc <= b:
            return c
    return -1


def _rows(figures: list[_Figure], fig_h: float) -> list[list[_Figure]]:
    """Figures whose y-centres lie within half a figure's height of the row's first."""
    rows: list[list[_Figure]] = []
    for f in sorted(figures, key=lambda f: f.yc):
        if rows and f.yc - rows[-1][0].yc <= 0.5 * fig_h and all(g.col != f.col or f.col < 0 for g in rows[-1]):
            rows[-1].append(f)
        else:
            rows.append([f])
    return rows


def _join_complements(rows: list[list[_Figure]], n_cols: int, line_h: float) -> list[list[_Figure]]:
    """A small row whose columns are exactly those missing from one neighbouring row, within
    a line's height, belongs to that row (its figures are marked as placed by inference)."""
    rows = [sorted(r, key=lambda f: f.col) for r in rows]
    changed = True
    while changed:
        changed = False
        for i, small in enumerate(rows):
            if len(small) * 2 > n_cols:
                continue
            cols = {f.col for f in small}
            fits = []
            for j in (i - 1, i + 1):
                if 0 <= j < len(rows) and len(rows[j]) > len(small):
                    other = {f.col for f in rows[j]}
                    near = abs(median(f.yc for f in rows[j]) - median(f.yc for f in small)) <= 1.3 * line_h
                    if near and not (cols & other) and len(cols | other) == n_cols:
                        fits.append(j)
            if len(fits) == 1:
                for f in small:
                    f.inferred = True
                rows[fits[0]] = sorted(rows[fits[0]] + small, key=lambda f: f.col)
                del rows[i]
                changed = True
                break
    return rows


def _assemble(region: list, labels: list, rows: list[list[_Figure]], columns: list[tuple[int, int]],
              ink: np.ndarray, line_h: float):
    """The grid: figure rows with their labels, other label lines as rows of their own."""
    spans = [(min(f.box[1] for f in r), max(f.box[3] for f in r)) for r in rows]
    centres = [(a + b) / 2 for a, b in spans]
    attached: dict[int, list] = {i: [] for i in range(len(rows))}
    loose: list = []
    for p in labels:
        yc = (p.box[1] + p.box[3]) / 2
        dist = [max(a - yc, yc - b, 0.0) for a, b in spans]
        i = min(range(len(rows)), key=lambda k: (dist[k], abs(centres[k] - yc)))
        (attached[i] if dist[i] <= 0.5 * line_h else loose).append(p)
    # column edges shared by neighbouring cells, so that the grid builder finds the columns;
    # a label column only when some figure row has a label (table 四 has none)
    edges = [columns[0][0]] + [(columns[c][1] + columns[c + 1][0]) // 2 for c in range(len(columns) - 1)] \
        + [columns[-1][1]]
    labelled = any(attached.values())
    if labelled:
        edges = [min(min(p.box[0] for p in region), edges[0] - int(line_h))] + edges
    first = 1 if labelled else 0  # grid column of the first value column
    last = len(edges) - 1  # grid columns
    entries: list[tuple[float, str, object]] = [(spans[i][0], "row", i) for i in range(len(rows))]
    entries += [(y, "line", ln) for y, ln in _lines(loose)]
    entries.sort(key=lambda e: (e[0], e[1] == "row"))
    cells: list[TextCell] = []
    for r, (_y, kind, what) in enumerate(entries):
        if kind == "line":
            top, bottom = min(p.box[1] for p in what), max(p.box[3] for p in what)
            cells.append(TextCell(CellBox(r, 0, 1, last, (edges[0], top, edges[-1], bottom)),
                                  sorted(what, key=lambda p: p.box[0])))
            continue
        figs = rows[what]
        top, bottom = spans[what]
        if labelled:
            label = TextCell(CellBox(r, 0, 1, 1, (edges[0], top, edges[1], bottom)))
            label.pieces, label.to_read = _label_parts(attached[what], columns[0][0], ink)
            cells.append(label)
        final = max(f.col for f in figs)
        for f in figs:
            c = f.col + first
            end = last if f.col == final else c + 1
            note = "此数与同一行其他数字不在同一高度，按所缺的列归入本行" if f.inferred else None
            cells.append(TextCell(CellBox(r, c, 1, end - c, (edges[c], top, edges[end], bottom), figure=True,
                                          note=note), to_read=[f.box]))
    top = min(p.box[1] for p in region)
    bottom = max(p.box[3] for p in region)
    table = TextTable((edges[0], top, edges[-1], bottom), len(entries), last, [c.cell for c in cells], columns)
    return table, cells, region


def _lines(pieces: list) -> list[tuple[float, list]]:
    """Label boxes not beside any figure row, grouped into lines (top, boxes)."""
    out: list[list] = []
    for p in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        yc = (p.box[1] + p.box[3]) / 2
        if out and yc <= max(q.box[3] for q in out[-1]) and yc >= min(q.box[1] for q in out[-1]):
            out[-1].append(p)
        else:
            out.append([p])
    return [(min(p.box[1] for p in ln), ln) for ln in out]


def _label_parts(pieces: list, value_x0: int, ink: np.ndarray) -> tuple[list, list[Box]]:
    """A cell's label boxes in reading order (left column of text first, top to bottom), and
    the boxes that reach into the value columns cut back to their ink left of them."""
    order = reading_order(pieces)
    keep, cut = [], []
    for p in order:
        if p.box[2] > value_x0 and p.box[0] < value_x0:
            box = _ink_box(ink, (p.box[0], p.box[1], value_x0, p.box[3]))
            if box is not None:
                cut.append(box)
            continue
        keep.append(p)
    return keep, cut


def reading_order(pieces: list) -> list:
    """Boxes grouped into columns of text (overlapping x-ranges), left to right, each top down."""
    cols: list[list] = []
    for p in sorted(pieces, key=lambda p: p.box[0]):
        for col in cols:
            if p.box[0] < max(q.box[2] for q in col) and p.box[2] > min(q.box[0] for q in col):
                col.append(p)
                break
        else:
            cols.append([p])
    return [p for col in cols for p in sorted(col, key=lambda p: p.box[1])]


