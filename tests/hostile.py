"""Builders of the hostile files of issue 14, each made from a committed real fixture.

Every reproducer the outside fuzz run found is rebuilt here by a small, named, exact
transformation of a real report (not a random mutation), so that its regression test
says what the file is and fails for that reason only.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

from formats_helpers import FIXTURES, FORMATS, SAMPLES

SEED_PDF = FORMATS / "seed-003-docx.pdf"  # classic xref table and trailer
SEED_DOCX = FORMATS / "seed-003.docx"
SEED_HTML = FORMATS / "seed-003.html"  # GBK
SEED_MHT = FORMATS / "seed-003.mht"
SEED_TXT = SAMPLES / "003_14adff9be6592cdd.txt"
W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- PDF


def pdf_prev_loop() -> bytes:
    """The trailer's /Prev points at its own xref: pdfium reads it, pdfminer recurses forever."""
    data = SEED_PDF.read_bytes()
    startxref = re.findall(rb"startxref\s+(\d+)", data)[-1]
    out = data.replace(b"trailer\n<</Size", b"trailer\n<</Prev " + startxref + b"/Size", 1)
    assert out != data
    return out


def pdf_bad_page(page: int = 2) -> bytes:
    """The object header of one page is garbage: pdfium fails to load that page only."""
    data = SEED_PDF.read_bytes()
    at = [m.start() for m in re.finditer(rb"/Type\s*/Page\b", data)][page - 1]
    head = list(re.finditer(rb"\n(\d+) 0 obj", data[:at]))[-1]
    return data[:head.start()] + b"\nxx 0 obj" + data[head.end():]


def pdf_broken_contents_dict() -> bytes:
    """The last page's content stream dictionary has an odd number of entries (same length):
    pdfplumber opens the file but fails on that page, in ``len(pages)`` and again in ``close``."""
    data = SEED_PDF.read_bytes()
    old = b"\n14 0 obj\n<</Length 15 0 R/Filter/FlateDecode>>"
    assert data.count(old) == 1
    return data.replace(old, b"\n14 0 obj\n<</Length 15 0 R/Filter/Flate/ecode>>")


def pdf_flate_bomb(repeat: int = 2_000_000) -> bytes:
    """A font's ToUnicode stream replaced by 12 KB of Flate that inflate to 12 MB of "0 0 m":
    pdfminer's CMap parser spent minutes on it."""
    import zlib

    data = SEED_PDF.read_bytes()
    ref = re.search(rb"/ToUnicode (\d+) 0 R", data).group(1)
    m = re.search(rb"\n" + ref + rb" 0 obj\s*<<[^>]*>>\s*stream\r?\n", data)
    end = data.find(b"endstream", m.end())
    return data[:m.end()] + zlib.compress(b"0 0 m " * repeat, 9) + b"\n" + data[end:]


# --------------------------------------------------------------------------- DOCX


def docx_members(path: Path = SEED_DOCX) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def make_zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            zf.writestr(name, body)
    return buf.getvalue()


def _patch(data: bytes, member: str, local: int, central: int, fmt: str, value: int | None = None,
           flag_or: int | None = None) -> bytes:
    """Set a field of ``member``'s local and central zip headers (offsets within each header)."""
    buf = bytearray(data)
    name = member.encode()
    for sig, off, name_at, nlen_at in ((b"PK\x03\x04", local, 30, 26), (b"PK\x01\x02", central, 46, 28)):
        i = buf.find(sig)
        while i >= 0:
            (nlen,) = struct.unpack_from("<H", buf, i + nlen_at)
            if bytes(buf[i + name_at:i + name_at + nlen]) == name:
                if flag_or is not None:
                    (old,) = struct.unpack_from(fmt, buf, i + off)
                    struct.pack_into(fmt, buf, i + off, old | flag_or)
                else:
                    struct.pack_into(fmt, buf, i + off, value)
            i = buf.find(sig, i + 4)
    return bytes(buf)


def docx_encrypted_member(member: str = "word/document.xml") -> bytes:
    return _patch(make_zip(docx_members()), member, 6, 8, "<H", flag_or=0x1)


def docx_unknown_method(member: str = "word/document.xml", method: int = 99) -> bytes:
    return _patch(make_zip(docx_members()), member, 8, 10, "<H", value=method)


def docx_zip_version(version: int = 133) -> bytes:
    """The central directory asks for zip version 13.3 to extract: zipfile refuses the archive itself."""
    return _patch(make_zip(docx_members()), "word/document.xml", 4, 6, "<H", value=version)


def docx_bad_deflate(member: str = "word/styles.xml") -> bytes:
    """The compressed bytes of a member are damaged: inflating it fails."""
    data = make_zip(docx_members())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    buf = bytearray(data)
    nlen, elen = struct.unpack_from("<HH", buf, info.header_offset + 26)
    start = info.header_offset + 30 + nlen + elen
    for k in range(0, info.compress_size, max(1, info.compress_size // 16)):
        buf[start + k] ^= 0xFF
    return bytes(buf)


def docx_with_document(transform) -> bytes:
    """The seed .docx with word/document.xml passed through ``transform(bytes) -> bytes``."""
    return make_zip([(n, transform(b) if n == "word/document.xml" else b) for n, b in docx_members()])


def docx_wrong_namespace() -> bytes:
    return docx_with_document(lambda xml: xml.replace(W_NS, b"urn:not-wordprocessingml"))


def docx_spans(value: str, tag: str = "gridSpan", every: int = 1) -> bytes:
    """Every ``every``-th table cell (gridSpan) or row (gridBefore) gets ``w:val=value``."""
    def put(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        if tag == "gridSpan":
            marks = [m.end() for m in re.finditer(r"<w:tcPr>", text)][::every]
            insert = f'<w:gridSpan w:val="{value}"/>'
        else:
            marks = [m.end() for m in re.finditer(r"<w:tr(?:\s[^>]*)?>", text)][::every]
            insert = f'<w:trPr><w:{tag} w:val="{value}"/></w:trPr>'
        for at in reversed(marks):
            text = text[:at] + insert + text[at:]
        return text.encode("utf-8")
    return docx_with_document(put)


# --------------------------------------------------------------------------- HTML and MHT


def seed_html() -> str:
    return SEED_HTML.read_bytes().decode("gb18030")


def html_charset(name: str) -> bytes:
    """The seed page (GBK bytes) declaring a charset that is no codec for a page."""
    page = seed_html().replace("charset=gbk", f"charset={name}", 1)
    return page.encode("gb18030")


def html_nested(depth: int, tag: str = "div") -> bytes:
    """The whole body of the seed page inside ``depth`` nested elements."""
    page = seed_html()
    body = re.search(r"<body[^>]*>", page).end()
    end = page.rfind("</body>")
    return (page[:body] + f"<{tag}>" * depth + page[body:end] + f"</{tag}>" * depth + page[end:]).encode("gb18030")


def html_rowspan_table(rows: int = 400, rowspan: int = 1000) -> str:
    cells = "".join(f'<tr><td rowspan="{rowspan}">行{r}</td><td>{r}</td></tr>' for r in range(rows))
    return f"<html><body><p>一、总体情况</p><table>{cells}</table></body></html>"


def mht_nested(depth: int = 1000) -> bytes:
    head = "".join(f'Content-Type: multipart/related; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
    return ("MIME-Version: 1.0\r\n" + head + "Content-Type: text/html; charset=utf-8\r\n\r\n").encode("ascii") \
        + "<html><body><p>一、总体情况</p></body></html>\r\n".encode("utf-8")


def mht_charset(name: str) -> bytes:
    return SEED_MHT.read_bytes().replace(b'charset="gb2312"', f'charset="{name}"'.encode("latin-1"), 1)


# --------------------------------------------------------------------------- text


def seed_text() -> str:
    return SEED_TXT.read_text(encoding="utf-8")


def text_with_cell(old_row_start: str, figure: str) -> str:
    """The seed text with the first figure of the row starting ``old_row_start`` replaced."""
    text = seed_text()
    at = text.index(old_row_start)
    m = re.compile(r"\d+").search(text, at + len(old_row_start))
    return text[:m.start()] + figure + text[m.end():]


__all__ = ["FIXTURES"]
