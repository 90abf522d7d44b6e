"""Icons: the application icon (drawn once as SVG in resources/icons) and severity marks.

The severity icons are painted in code so that they always match the colours used for
underlines and cell tints. ``python -m app.gui.icons`` regenerates ``app.png`` and the
multi-size ``app.ico`` (needed by the Windows build) from ``app.svg`` without Pillow.
"""
from __future__ import annotations

import struct
import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.gui.palette import SEVERITY_COLORS, STATUS_COLORS
from app.paths import resource_dir

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_dir() -> Path:
    return resource_dir() / "icons"


def app_icon() -> QIcon:
    """The window icon; the SVG scales to every size, the PNG is the fallback."""
    icon = QIcon()
    svg = icon_dir() / "app.svg"
    png = icon_dir() / "app.png"
    if svg.exists():
        for size in ICO_SIZES:
            icon.addPixmap(QPixmap.fromImage(render_svg(svg, size)))
    elif png.exists():
        icon.addFile(str(png))
    return icon


def render_svg(path: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(str(path))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


@lru_cache(maxsize=None)
def _severity_pixmap(kind: str, size: int) -> QPixmap:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(SEVERITY_COLORS.get(kind) or STATUS_COLORS.get(kind, "#777777"))
    m = size * 0.06
    if kind == "warning":
        path = QPainterPath()
        path.moveTo(size / 2, m)
        path.lineTo(size - m, size - m * 1.5)
        path.lineTo(m, size - m * 1.5)
        path.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawPath(path)
        glyph, rect = "!", QRectF(0, size * 0.22, size, size * 0.72)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m))
        glyph = {"error": "×", "info": "i", "ok": "✓", "doubt": "?", "unread": "!"}.get(kind, "·")
        rect = QRectF(0, 0, size, size)
    if kind == "ok":
        pen = QPen(QColor("white"), size * 0.13, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPolyline([QPointF(size * 0.28, size * 0.52), QPointF(size * 0.44, size * 0.68),
                        QPointF(size * 0.73, size * 0.36)])
    else:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, int(size * (0.78 if glyph == "×" else 0.62))))
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, glyph)
    p.end()
    return QPixmap.fromImage(image)


def severity_icon(kind: str) -> QIcon:
    """Icon for a severity ("error", "warning", "info") or a list status ("ok", "doubt", "unread")."""
    icon = QIcon()
    for size in (16, 24, 32):
        icon.addPixmap(_severity_pixmap(kind, size))
    return icon


# --------------------------------------------------------------------------- .ico writer


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def _dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB with its AND mask: the classic ICO entry old Windows tools expect."""
    img = image.convertToFormat(QImage.Format.Format_ARGB32)
    w, h = img.width(), img.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(h - 1, -1, -1):  # bottom-up
        line = img.constScanLine(y)
        rows.append(bytes(line)[: w * 4])  # ARGB32 is BGRA in memory on little-endian
    mask_stride = ((w + 31) // 32) * 4
    mask = bytes(mask_stride * h)  # all zero: alpha channel decides
    return header + b"".join(rows) + mask


def ico_bytes(images: list[QImage]) -> bytes:
    """A multi-size .ico: DIB entries up to 128 px, a PNG entry for 256 px."""
    entries = []
    for img in images:
        size = img.width()
        blob = _png_bytes(img) if size >= 256 else _dib_bytes(img)
        entries.append((size, blob))
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory, payload = b"", b""
    for size, blob in entries:
        dim = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        payload += blob
        offset += len(blob)
    return out + directory + payload


def build_icons(folder: Path | None = None) -> list[Path]:
    """Render app.png and app.ico from app.svg (run after editing the SVG)."""
    folder = folder or icon_dir()
    svg = folder / "app.svg"
    images = [render_svg(svg, s) for s in ICO_SIZES]
    png = folder / "app.png"
    images[-1].save(str(png), "PNG")
    ico = folder / "app.ico"
    ico.write_bytes(ico_bytes(images))
    return [png, ico]


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])
    for written in build_icons():
        print(written)
