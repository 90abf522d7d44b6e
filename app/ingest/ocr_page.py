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
    import cv2

    h, w = rgb.shape[:2]
    scale = min(1.0, WORK_LONG_SIDE / max(h, w))
    if scale < 1.0:
        rgb = cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    rgb = lift_red(rgb)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    angle = skew_angle(gray)
    if abs(angle) >= 0.05:
        rgb = rotate(rgb, angle)
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
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
    import cv2

    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    t = min(max(t, 100), 200)
    return np.where(gray < t, 255, 0).astype(np.uint8)


def skew_angle(gray: np.ndarray) -> float:
    """Skew in degrees by the projection profile: text rows and ruling lines are sharpest
    (highest variance of the row sums) when the page is level. Coarse then fine search
    on a reduced image, so it costs a few tens of milliseconds."""
    import cv2

    h, w = gray.shape
    f = 800 / max(h, w)
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 200:
        return 0.0

    def sharpness(a: float) -> float:
        m = cv2.getRotationMatrix2D((ink.shape[1] / 2, ink.shape[0] / 2), a, 1.0)
        turned = cv2.warpAffine(ink, m, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.025), key=sharpness)
    return round(float(best), 3)


def rotate(rgb: np.ndarray, angle: float) -> np.ndarray:
    """Turn the page by ``angle`` degrees about its centre, filling the corners with white."""
    import cv2

    h, w = rgb.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(rgb, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
