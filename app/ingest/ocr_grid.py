"""Ruled tables on a page image: ruling lines by morphology, then cells with their spans.

Opening the ink mask with a long flat kernel keeps only horizontal strokes longer than
any character; a tall thin kernel keeps the vertical ones. Where the two meet over a
large area there is a ruled table. Its line positions make a fine grid; two
neighbouring fine cells belong to one merged cell when the stretch of line between
them is missing. Every cell comes back as a pixel box with its row/column span, the
shape ``layout.expand`` turns into a ``Grid``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.ingest.ocr_image import components, dilate, keep_runs

MIN_TABLE_WIDTH = 0.35  # of the page width
LINE_PRESENT = 0.6  # share of a border stretch that must be drawn for the border to exist


@dataclass
class CellBox:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 inside the ruling lines
    figure: bool = False  # known to hold a figure (a table without lines is found by its figures)
    note: str | None = None  # a doubt about where the cell was placed, said with its reading


@dataclass
class RuledTable:
    box: tuple[int, int, int, int]  # outer box of the table on the page
    n_rows: int
    n_cols: int
    cells: list[CellBox]
    lines: np.ndarray  # mask of the ruling lines (page size), erased before reading cells


def line_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) ruling-line masks (255 = line) of an ink mask."""
    h, w = ink.shape
    # a scan's lines are a little ragged: close 1-2 px gaps along the line first
    horiz = keep_runs(dilate(ink > 0, 3, 1), max(20, w // 30), axis=1)
    vert = keep_runs(dilate(ink > 0, 1, 3), max(15, h // 60), axis=0)
    return horiz.astype(np.uint8) * 255, vert.astype(np.uint8) * 255


def find_tables(ink: np.ndarray) -> list[RuledTable]:
    """Ruled tables on the page, top to bottom."""
    h, w = ink.shape
    horiz, vert = line_masks(ink)
    blobs = components(dilate((horiz > 0) | (vert > 0), 5, 5))
    tables = []
    for i in range(len(blobs)):
        x, y, x1, y1 = (int(v) for v in (blobs.x0[i], blobs.y0[i], blobs.x1[i], blobs.y1[i]))
        if x1 - x < w * MIN_TABLE_WIDTH or y1 - y < 40:
            continue
        t = _table_in(horiz, vert, (x, y, x1, y1))
        if t is not None:
            tables.append(t)
    return sorted(tables, key=lambda t: t.box[1])


def _positions(profile: np.ndarray, minimum: float) -> list[int]:
    """Centres of the runs where ``profile`` reaches ``minimum`` (one per drawn line)."""
    on = profile >= minimum
    out, start = [], None
    for i, v in enumerate(on):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start + i - 1) // 2)
            start = None
    if start is not None:
        out.append((start + len(on) - 1) // 2)
    return out


def _table_in(horiz: np.ndarray, vert: np.ndarray, box: tuple[int, int, int, int]) -> RuledTable | None:
    x0, y0, x1, y1 = box
    hs, vs = horiz[y0:y1, x0:x1] > 0, vert[y0:y1, x0:x1] > 0
    # a line counts when it is longer than the shortest cell side anyone prints
    ys = _positions(hs.sum(axis=1), 40)
    xs = _positions(vs.sum(axis=0), 20)
    ys = _merge_close(ys, 6)
    xs = _merge_close(xs, 6)
    if len(ys) < 2 or len(xs) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _drawn(vs, xs[c + 1], ys[r], ys[r + 1], vertical=True):
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not _drawn(hs, ys[r + 1], xs[c], xs[c + 1], vertical=False):
                union(r * nc + c, (r + 1) * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    cells = []
    for members in groups.values():
        r0 = min(m[0] for m in members)
        r1 = max(m[0] for m in members)
        c0 = min(m[1] for m in members)
        c1 = max(m[1] for m in members)
        cells.append(CellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                             (x0 + xs[c0], y0 + ys[r0], x0 + xs[c1 + 1], y0 + ys[r1 + 1])))
    cells.sort(key=lambda cb: (cb.row, cb.col))
    lines = np.zeros_like(horiz)
    lines[y0:y1, x0:x1] = np.maximum(horiz[y0:y1, x0:x1], vert[y0:y1, x0:x1])
    return RuledTable((x0 + xs[0], y0 + ys[0], x0 + xs[-1], y0 + ys[-1]), nr, nc, cells, lines)


def _merge_close(pos: list[int], tol: int) -> list[int]:
    out: list[int] = []
    for p in pos:
        if out and p - out[-1] <= tol:
            out[-1] = (out[-1] + p) // 2
        else:
            out.append(p)
    return out


def _drawn(mask: np.ndarray, at: int, a: int, b: int, vertical: bool) -> bool:
    """Is the border at ``at`` drawn over most of the stretch (a, b)? (ends excluded)"""
    lo, hi = a + (b - a) // 5, b - (b - a) // 5
    if hi <= lo:
        return True
    if vertical:
        band = mask[lo:hi, max(0, at - 3):at + 4].any(axis=1)
    else:
        band = mask[max(0, at - 3):at + 4, lo:hi].any(axis=0)
    return band.mean() >= LINE_PRESENT


def text_lines(ink: np.ndarray, box: tuple[int, int, int, int], pad: int = 3) -> list[tuple[int, int, int, int]]:
    """Boxes of the lines of text inside one cell (ruling lines already erased from ``ink``).

    Rows of the cell with ink form bands; a band shorter than 3 px is noise left by a
    line. Each band's box is tightened to the columns that hold ink.
    """
    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + pad, y0 + pad, x1 - pad, y1 - pad
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    cell = ink[y0:y1, x0:x1] > 0
    rows = cell.sum(axis=1)
    bands, start = [], None
    for i, v in enumerate(list(rows > 0) + [False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            bands.append([start, i])
            start = None
    # join bands split by a gap of 1-2 px (a broken stroke), drop specks
    joined: list[list[int]] = []
    for b in bands:
        if joined and b[0] - joined[-1][1] <= 2:
            joined[-1][1] = b[1]
        else:
            joined.append(b)
    out = []
    for a, b in joined:
        if b - a < 4 or cell[a:b].sum() < 12:
            continue
        cols = np.flatnonzero(cell[a:b].any(axis=0))
        out.append((x0 + int(cols[0]), y0 + a, x0 + int(cols[-1]) + 1, y0 + b))
    return out
