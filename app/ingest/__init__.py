"""Read a file into a ``Document``, whatever its format.

The format is decided by the file's content (magic bytes), the extension only breaks
ties, so that a PDF renamed .txt is read as a PDF and a binary renamed .txt is refused
with a clear message instead of being parsed as garbage. Source files are only ever
opened for reading.
"""
from __future__ import annotations

import os
from pathlib import Path

from app.model import Document, ReadError
from app.winpaths import long_path

# Extensions collected when a folder is opened.
REPORT_EXTENSIONS = (".txt", ".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".mht", ".mhtml",
                     ".jpg", ".jpeg", ".png", ".tif", ".tiff")
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

MAX_BYTES = {"txt": 10 * 1024 * 1024, "html": 20 * 1024 * 1024, "image": 100 * 1024 * 1024,
             "default": 200 * 1024 * 1024}


def sniff(head: bytes, suffix: str) -> str:
    """Guess the format from the first bytes; the extension decides only among text kinds."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if suffix not in (".xlsx", ".pptx", ".zip") else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .doc / .wps
    if head.startswith(IMAGE_MAGIC):
        return "image"  # a scan: read by OCR
    # A binary format named by its extension but with other content: let that format's
    # reader say precisely what is wrong ("不是有效的 Word 文件", "PDF 已损坏").
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".doc", ".wps"):
        return "ole"
    if suffix in (".jpg", ".jpeg", ".png", ".tif", ".tiff"):
        return "image"
    low = head[:2048].lower()
    if suffix in (".mht", ".mhtml") or b"mime-version:" in low[:300] and b"multipart/related" in low:
        return "mht"
    if suffix in (".html", ".htm") or b"<html" in low or b"<!doctype html" in low:
        return "html"
    return "txt"


def read_document(path: str | os.PathLike) -> Document:
    """Read ``path`` into a Document or raise ``ReadError`` with a Chinese message."""
    p = Path(long_path(str(path)))  # Windows: past 260 characters only the \\?\ form opens
    if not p.exists():
        raise ReadError("not_found", f"文件不存在：{p}")
    if p.is_dir():
        raise ReadError("is_directory", f"这是一个文件夹，不是年报文件：{p}")
    try:
        size = p.stat().st_size
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except PermissionError:
        raise ReadError("permission", f"没有读取权限，无法打开文件：{p.name}") from None
    except OSError as exc:
        raise ReadError("io", f"无法读取文件 {p.name}：{exc.strerror or exc}") from None
    if size == 0:
        raise ReadError("empty", f"文件是空的（0 字节）：{p.name}")
    kind = sniff(head, p.suffix.lower())
    limit = MAX_BYTES.get(kind, MAX_BYTES["default"])
    if size > limit:
        raise ReadError(
            "too_large",
            f"文件过大（{size / 1024 / 1024:.1f} MB），超过此类文件的合理大小"
            f"（{limit // 1024 // 1024} MB），不像是一份年报：{p.name}",
        )
    if kind == "txt":
        from app.ingest.text import read_text_file

        return read_text_file(p)
    if kind == "pdf":
        from app.ingest.pdf import read_pdf

        return read_pdf(p)
    if kind == "docx":
        from app.ingest.docx import read_docx

        return read_docx(p)
    if kind in ("html", "mht"):
        from app.ingest.html import read_html

        return read_html(p)
    if kind == "ole":
        from app.ingest.legacy import read_legacy

        return read_legacy(p)
    if kind == "image":
        from app.ingest.ocr import read_image

        return read_image(p)
    raise ReadError("unsupported", f"不支持的文件类型（{p.suffix or '无扩展名'}）：{p.name}。请提供 PDF、Word（.docx）、网页、文本文件或扫描图片（JPG、PNG、TIF）。")


def iter_report_files(paths: list[str]) -> list[str]:
    """Expand folders (recursively, sorted by path) into report files; keep files as given."""
    out: list[str] = []
    for given in paths:
        p = Path(given)
        walk = Path(long_path(given, always=True))  # Windows: files deeper than 260 characters too
        if walk.is_dir():
            found = sorted(
                (str(p / f.relative_to(walk)) for f in walk.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_EXTENSIONS
                 and not f.name.startswith("~$")),
                key=lambda s: s,
            )
            out.extend(found)
        else:
            out.append(given)
    return out
