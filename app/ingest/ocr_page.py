"""Page images before OCR: loading with limits, red stamps removed, skew measured and undone.

A scanned page arrives slightly rotated, with a red round seal printed over the table
and JPEG noise. The table reader needs straight ruling lines and the recogniser needs
black text on white, so every page goes through here first: the seal is lifted by its
colour (red ink is far from grey, black text under it stays), the skew is measured by
the projection profile of the ink (the angle at which ink rows are sharpest) and undone.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.ingest.ocr_image import otsu, rotate, shrink, to_gray
from app.model import ReadError

MAX_SOURCE_PIXELS = 150_000_000  # larger images are refused before decoding (decompression bombs)
WORK_LONG_SIDE = 2400  # pages are scaled down to this long side (≈ 200 dpi for A4)
MAX_SKEW = 5.0  # degrees; a page turned further is read as it is
MAX_FRAMES = 60  # pages read from one multi-page TIFF


@dataclass
class PageImage:
    """One page ready for OCR: RGB without red ink, deskewed, and its binary ink mask."""

    index: int  # 0-based page number in the source file
    rgb: np.ndarray  # H x W x 3 uint8, deskewed
    ink: np.ndarray  # H x W uint8, 255 where dark ink
    angle: float  # degrees the source was turned back by (counter-clockwise positive)
    scale: float  # work pixels per source pixel
    dpi: float | None  # resolution of the work image, when the source tells


def load_image_file(path: Path, max_pages: int) -> list[tuple[np.ndarray, float | None]]:
    """Decode a .jpg/.png/.tif file into RGB arrays (one per frame) with their dpi.

    Raises ReadError with a Chinese message for a broken, absurdly large or empty image.
    """
    from PIL import Image, ImageSequence, UnidentifiedImageError

    name = path.name
    try:
        with Image.open(path) as im:
            w, h = im.size
            if w * h > MAX_SOURCE_PIXELS:
                raise ReadError("image_too_large", f"图片尺寸过大（{w}×{h} 像素），超出可识别的范围：{name}。"
                                "请将扫描分辨率调整为 200–300 dpi 后重新保存。")
            if w < 100 or h < 100:
                raise ReadError("image_too_small", f"图片太小（{w}×{h} 像素），无法识别文字：{name}")
            frames = []
            for k, frame in enumerate(ImageSequence.Iterator(im)):
                if k >= min(max_pages, MAX_FRAMES):
                    break
                dpi = frame.info.get("dpi")
                frames.append((_to_rgb(frame), float(dpi[0]) if dpi and dpi[0] and dpi[0] > 30 else None))
    except ReadError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ReadError("image_damaged", f"图片文件已损坏或格式无法识别：{name}。"
                        "请重新扫描或另存为 JPG / PNG 后再试。") from None
    if not frames:
        raise ReadError("image_empty", f"图片文件中没有可读取的页面：{name}")
    return frames


def _to_rgb(frame) -> np.ndarray:
    """RGB array of a PIL frame; transparency is laid on white, palettes are expanded."""
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        back = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(back, rgba)
    return np.asarray(frame.convert("RGB"))


def prepare(rgb: np.ndarray, index: int, dpi: float | None) -> PageImage:
    """Scale, lift red ink, deskew and binarise one page."""
    h, w = rgb.shape[:2]
    scale = min(1.0, WORK_LONG_SIDE / max(h, w))
    if scale < 1.0:
        rgb = shrink(rgb, round(w * scale), round(h * scale))
    rgb = lift_red(rgb)
    gray = to_gray(rgb)
    angle = skew_angle(gray)
    if abs(angle) >= 0.05:
        rgb = rotate(rgb, angle)
        gray = to_gray(rgb)
    return PageImage(index, rgb, binarise(gray), angle, scale, dpi * scale if dpi else None)


def lift_red(rgb: np.ndarray) -> np.ndarray:
    """Turn red and pink ink (seals, red headers) white; black text printed under it stays.

    A pixel is red when its red channel clearly exceeds both others; where the seal
    overlaps black text the pixel is dark in every channel and is kept.
    """
    r = rgb[:, :, 0].astype(np.int16)
    g = rgb[:, :, 1].astype(np.int16)
    b = rgb[:, :, 2].astype(np.int16)
    red = (r - np.maximum(g, b) > 50) & (r > 110)
    if not red.any():
        return rgb
    out = rgb.copy()
    out[red] = 255
    return out


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink) by Otsu's threshold, bounded so a blank page stays blank."""
    t = min(max(otsu(gray), 100), 200)
    return np.where(gray < t, 255, 0).astype(np.uint8)


def skew_angle(gray: np.ndarray) -> float:
    """Skew in degrees by the projection profile: text rows and ruling lines are sharpest
    (highest variance of the row sums) when the page is level. The ink pixels of a reduced
    page are turned as points (no image is rotated), coarse then fine, so it costs a few
    tens of milliseconds."""
    from PIL import Image

    h, w = gray.shape
    f = 800 / max(h, w)
    small = np.asarray(Image.fromarray(gray).resize((max(1, round(w * f)), max(1, round(h * f))),
                                                    Image.Resampling.BOX))
    ys, xs = np.nonzero(small < 160)
    if len(xs) < 200:
        return 0.0
    sh, sw = small.shape
    xr, yr = xs - sw / 2, ys - sh / 2

    def sharpness(a: float) -> float:
        # the row a point lands on when the page is turned ``a`` degrees counter-clockwise
        t = np.deg2rad(a)
        rows = np.rint(-np.sin(t) * xr + np.cos(t) * yr + sh / 2).astype(np.int64)
        rows = rows[(rows >= 0) & (rows < sh)]
        return float(np.var(np.bincount(rows, minlength=sh)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.025), key=sharpness)
    return round(float(best), 3)
