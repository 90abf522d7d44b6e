"""The few image operations OCR needs, in numpy and Pillow (no OpenCV).

OpenCV's Windows wheel is 126 MB unpacked; the reader only ever resized, rotated,
thresholded, grew masks and found connected blobs, which are a few lines each here:

- ``resize_linear`` is bilinear sampling with OpenCV's pixel-centre convention (and no
  anti-aliasing), the way the PP-OCR models were fed when they were trained;
- ``keep_runs`` is a morphological opening by a line: a pixel stays when it belongs to a
  run of at least ``length`` set pixels along the axis (exactly what opening with a
  1×length rectangle keeps);
- ``components`` labels 8-connected blobs from their row runs and returns each blob's
  box, pixel count and, optionally, the sum of a value map over it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def to_gray(rgb: np.ndarray) -> np.ndarray:
    """Luma of an RGB image (ITU-R BT.601 weights, as OpenCV and Pillow use), by Pillow's
    fixed-point conversion (a fifth of the time of the same sum in float64)."""
    from PIL import Image

    return np.asarray(Image.fromarray(np.ascontiguousarray(rgb, np.uint8)).convert("L"))


def shrink(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    """Scale an RGB page down by averaging the source pixels each target pixel covers."""
    from PIL import Image

    return np.asarray(Image.fromarray(rgb).resize((width, height), Image.Resampling.BOX))


def rotate(rgb: np.ndarray, angle: float) -> np.ndarray:
    """Turn an RGB page ``angle`` degrees counter-clockwise about its centre; corners white."""
    from PIL import Image

    im = Image.fromarray(rgb).rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=(255, 255, 255))
    return np.asarray(im)


def _axis(n_src: int, n_dst: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    scale = n_src / n_dst
    pos = (np.arange(n_dst, dtype=np.float64) + 0.5) * scale - 0.5
    lo = np.floor(pos)
    frac = pos - lo
    lo = lo.astype(np.int64)
    frac[lo < 0] = 0.0
    lo[lo < 0] = 0
    over = lo >= n_src - 1
    lo[over] = n_src - 1
    frac[over] = 0.0
    hi = np.minimum(lo + 1, n_src - 1)
    return lo, hi, frac.astype(np.float32)


def resize_linear(img: np.ndarray, width: int, height: int) -> np.ndarray:
    """Bilinear resize (float32 result) sampling at pixel centres, without anti-aliasing."""
    h, w = img.shape[:2]
    y0, y1, fy = _axis(h, height)
    x0, x1, fx = _axis(w, width)
    src = img.astype(np.float32)
    rows = src[y0] * (1 - fy)[:, None, None] + src[y1] * fy[:, None, None] if src.ndim == 3 else \
        src[y0] * (1 - fy)[:, None] + src[y1] * fy[:, None]
    if src.ndim == 3:
        return rows[:, x0] * (1 - fx)[None, :, None] + rows[:, x1] * fx[None, :, None]
    return rows[:, x0] * (1 - fx)[None, :] + rows[:, x1] * fx[None, :]


def otsu(gray: np.ndarray) -> int:
    """Otsu's threshold of a uint8 image: the level that best splits ink from paper."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 - m0 * total) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = -1
    return int(np.argmax(between))


def dilate(mask: np.ndarray, kx: int, ky: int) -> np.ndarray:
    """Grow a boolean mask by a kx × ky rectangle (anchored at its centre, as OpenCV does)."""
    out = mask.astype(bool)
    for k, axis in ((kx, 1), (ky, 0)):
        if k <= 1:
            continue
        anchor = k // 2  # pixel p takes the OR of p - anchor … p + k - 1 - anchor
        grown = out.copy()
        for offset in range(-anchor, k - anchor):
            if offset and abs(offset) < out.shape[axis]:
                _or_shifted(grown, out, -offset, axis)
        out = grown
    return out


def _or_shifted(dst: np.ndarray, src: np.ndarray, shift: int, axis: int) -> None:
    """dst |= src moved ``shift`` pixels along ``axis``."""
    if axis == 1:
        if shift > 0:
            dst[:, shift:] |= src[:, :-shift]
        else:
            dst[:, :shift] |= src[:, -shift:]
    else:
        if shift > 0:
            dst[shift:] |= src[:-shift]
        else:
            dst[:shift] |= src[-shift:]


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal runs of set pixels: (row, start, end) arrays, end exclusive, in row-major order."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = mask.astype(bool)
    d = np.diff(padded, axis=1)
    rows, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)
    return rows, starts, ends


def keep_runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The pixels of ``mask`` lying on a run of at least ``length`` along ``axis`` (1: rows)."""
    m = mask.astype(bool)
    if axis == 0:
        return keep_runs(m.T, length, 1).T
    rows, starts, ends = runs(m)
    long = (ends - starts) >= length
    width = m.shape[1] + 1
    steps = np.zeros(m.shape[0] * width, np.int8)
    steps[rows[long] * width + starts[long]] = 1  # runs never share a start or an end position
    steps[rows[long] * width + ends[long]] = -1
    return np.cumsum(steps, dtype=np.int8).reshape(m.shape[0], width)[:, :-1] > 0


@dataclass
class Blobs:
    """Connected blobs: per blob its box (x0, y0, x1, y1, exclusive ends), pixels and value sum."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    area: np.ndarray
    total: np.ndarray  # sum of the value map over the blob's pixels (zeros without one)

    def __len__(self) -> int:
        return len(self.x0)


def components(mask: np.ndarray, values: np.ndarray | None = None) -> Blobs:
    """8-connected blobs of a boolean mask, ordered by their first pixel (top-down)."""
    h, w = mask.shape
    rows, starts, ends = runs(mask)
    n = len(rows)
    if n == 0:
        empty = np.zeros(0, np.int64)
        return Blobs(empty, empty, empty, empty, empty, np.zeros(0))
    key_w = w + 2
    start_key = rows * key_w + starts
    end_key = rows * key_w + ends
    # run b (row r) touches run a (row r - 1) when a.start <= b.end and b.start <= a.end
    # (8-connected: diagonal neighbours count); those a form one range in row-major order
    has_above = rows > 0
    b_idx = np.flatnonzero(has_above)
    above = (rows[b_idx] - 1) * key_w
    lo = np.searchsorted(end_key, above + starts[b_idx], side="left")
    hi = np.searchsorted(start_key, above + ends[b_idx], side="right")
    counts = np.maximum(hi - lo, 0)
    total_edges = int(counts.sum())
    parent = np.arange(n)
    if total_edges:
        b = np.repeat(b_idx, counts)
        offsets = np.arange(total_edges) - np.repeat(np.cumsum(counts) - counts, counts)
        a = np.repeat(lo, counts) + offsets
        while True:
            ra, rb = parent[a], parent[b]
            differ = ra != rb
            if not differ.any():
                break
            np.minimum.at(parent, np.maximum(ra[differ], rb[differ]), np.minimum(ra[differ], rb[differ]))
            while True:  # point every run at its root
                pp = parent[parent]
                if np.array_equal(pp, parent):
                    break
                parent = pp
    roots, label = np.unique(parent, return_inverse=True)
    k = len(roots)
    x0 = np.full(k, w, np.int64)
    y0 = np.full(k, h, np.int64)
    x1 = np.zeros(k, np.int64)
    y1 = np.zeros(k, np.int64)
    np.minimum.at(x0, label, starts)
    np.minimum.at(y0, label, rows)
    np.maximum.at(x1, label, ends)
    np.maximum.at(y1, label, rows + 1)
    area = np.bincount(label, weights=ends - starts, minlength=k).astype(np.int64)
    if values is not None:
        cs = np.zeros((h, w + 1), np.float64)
        np.cumsum(values, axis=1, out=cs[:, 1:])
        total = np.bincount(label, weights=cs[rows, ends] - cs[rows, starts], minlength=k)
    else:
        total = np.zeros(k)
    return Blobs(x0, y0, x1, y1, area, total)  # roots are each blob's first run: top-down
