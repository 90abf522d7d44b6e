"""A scanned page as the OCR reader saw it, for the window to show with a cell's box outlined.

Page images are not kept with a reading (a few MB each); ``OcrPage`` records how the
reader made its work image from the source file — the PDF page rendered at ``dpi`` or
the image frame as stored, scaled by ``scale`` and turned by ``angle`` — so the same
image is made again on demand and every ``OcrBox`` lands where the reader saw it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from app.ingest.ocr_image import rotate, shrink
from app.model import OcrPage, ReadError


def page_picture(path: str | Path, page: OcrPage) -> np.ndarray:
    """RGB pixels (height × width × 3) of ``page`` of ``path``, deskewed like the reader's work image."""
    p = Path(path)
    if p.suffix.lower() == ".pdf":
        rgb = _pdf_page(p, page)
    else:
        from app.ingest.ocr_page import load_image_file

        frames = load_image_file(p, page.index + 1)
        if page.index >= len(frames):
            raise ReadError("page_missing", f"文件中已没有第 {page.index + 1} 页：{p.name}")
        rgb = frames[page.index][0]
    if rgb.shape[1] != page.width or rgb.shape[0] != page.height:
        rgb = shrink(rgb, page.width, page.height)
    if abs(page.angle) >= 0.05:
        rgb = rotate(rgb, page.angle)
    return np.ascontiguousarray(rgb)


def _pdf_page(path: Path, page: OcrPage) -> np.ndarray:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise ReadError("pdf_damaged", f"无法重新打开 PDF 文件：{path.name}") from None
    try:
        if page.index >= len(pdf):
            raise ReadError("page_missing", f"文件中已没有第 {page.index + 1} 页：{path.name}")
        pg = pdf[page.index]
        try:
            scale = page.width / max(pg.get_width(), 1.0)  # the work image's pixels per PDF point
            return np.asarray(pg.render(scale=scale).to_pil().convert("RGB"))
        finally:
            pg.close()
    finally:
        pdf.close()
