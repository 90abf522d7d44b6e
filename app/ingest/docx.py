"""Word (.docx) reports: paragraphs and tables in body order, merged cells expanded.

The package is checked before python-docx touches it: a .docx is a zip, and a zip can
claim gigabytes (zip bomb) or carry an XML document with entity definitions (XML bomb).
Tables are read from the WordprocessingML directly, because python-docx's cell access
hides how a merged cell is spanned: ``w:gridSpan`` (horizontal) and ``w:vMerge``
(vertical, "restart" then continuations) are expanded into a rectangular grid.
"""
from __future__ import annotations

import zipfile
import zlib
from lzma import LZMAError
from pathlib import Path

from app.ingest.layout import (MAX_COLS, TextBuilder, cells_as_lines, clean_cell, expand, fill_label_blanks, span_value,
                               too_big)
from app.model import Document, GridCell, ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together
MAX_MEMBER = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for a member larger than 1 MB


def check_package(path: Path) -> None:
    """Refuse a .docx that is not a zip, a zip bomb or one carrying DTD entities."""
    name = path.name
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                raise ReadError("docx_damaged", f"Word（.docx）文件已损坏（压缩包不完整，可能下载未完成）：{name}。"
                                "请重新下载或向报送单位索取原文件。")
        raise ReadError("docx_not_zip", f"不是有效的 Word（.docx）文件：{name} 不是 zip 压缩包，可能已损坏或改了扩展名。"
                        "请用 Word/WPS 打开后另存为 .docx 或 PDF。")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            for i in infos:
                ratio = i.file_size / max(i.compress_size, 1)
                if i.file_size > MAX_MEMBER or (i.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                    raise ReadError("docx_bomb", f"文件结构异常（压缩包内的 {i.filename} 解压后达 "
                                    f"{i.file_size / 1024 / 1024:.0f} MB，压缩比 {ratio:.0f}:1），疑似“压缩炸弹”，已拒绝读取：{name}")
            if total > MAX_UNCOMPRESSED:
                raise ReadError("docx_bomb", f"文件解压后过大（{total / 1024 / 1024:.0f} MB），疑似“压缩炸弹”，已拒绝读取：{name}")
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise ReadError("docx_not_word", f"这个压缩包不是 Word 文档（缺少正文 word/document.xml）：{name}。"
                                "请提供 .docx、PDF 或网页格式的年报。")
            for i in infos:
                body = _member(zf, i, name)  # python-docx reads every part: each must inflate
                if i.filename.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in body[:4096] or b"<!ENTITY" in body[:4096]):
                    raise ReadError("docx_xml_entities", f"Word 文件的 XML 中含有实体定义（<!DOCTYPE/<!ENTITY>），"
                                    f"疑似“XML 炸弹”，正常的 Word 文件不会这样，已拒绝读取：{name}")
                if i.filename == "word/document.xml":
                    _check_namespace(body, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        raise ReadError("docx_damaged", f"Word（.docx）文件已损坏，无法解压：{name}。"
                        "请重新下载或向报送单位索取原文件。") from None


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """One member's bytes, or a ReadError saying why it cannot be unpacked."""
    if info.flag_bits & 0x1:
        raise ReadError("docx_encrypted", f"Word 文件中的 {info.filename} 已加密（需要密码），无法读取：{name}。"
                        "请向报送单位索取未加密的版本，或用 Word/WPS 输入密码后另存。")
    try:
        return zf.read(info)
    except NotImplementedError:  # compression methods other than stored/deflate/bzip2/lzma
        raise ReadError("docx_compression", f"Word 文件中的 {info.filename} 使用了不支持的压缩方式"
                        f"（编号 {info.compress_type}），无法解压：{name}。请用 Word/WPS 打开后另存为 .docx 或 PDF。") from None
    except RuntimeError:  # zipfile's "encrypted, password required"
        raise ReadError("docx_encrypted", f"Word 文件中的 {info.filename} 已加密（需要密码），无法读取：{name}。") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, LZMAError):
        raise ReadError("docx_damaged", f"Word（.docx）文件已损坏：压缩包内的 {info.filename} 无法解压"
                        f"（数据不完整或校验失败）：{name}。请重新下载或向报送单位索取原文件。") from None


_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _check_namespace(body: bytes, name: str) -> None:
    """The main part's root must be WordprocessingML's ``document`` (python-docx reads nothing else)."""
    import io

    from lxml import etree

    try:
        _, root = next(etree.iterparse(io.BytesIO(body), events=("start",), resolve_entities=False,
                                       no_network=True, huge_tree=False))
        tag = root.tag
    except (etree.XMLSyntaxError, StopIteration):
        raise ReadError("docx_damaged", f"Word（.docx）文件已损坏：正文的 XML 无法解析：{name}。"
                        "请重新下载或向报送单位索取原文件。") from None
    if tag == f"{{{_STRICT.decode()}}}document":
        raise ReadError("docx_strict", f"Word 文件采用“严格 Open XML”格式保存，暂不支持读取：{name}。"
                        "请用 Word/WPS 打开后另存为普通的 Word 文档（.docx）或 PDF。")
    if tag != W + "document":
        raise ReadError("docx_not_word", f"这个文件的正文不是 Word 文档的格式（XML 命名空间或根元素不对），"
                        f"可能已损坏：{name}。请提供 .docx、PDF 或网页格式的年报。")


def read_docx(path: str | Path) -> Document:
    """Read a .docx into a Document or raise ReadError."""
    p = Path(path)
    check_package(p)
    import docx

    try:
        document = docx.Document(str(p))
        body = document.element.body
    except Exception:  # python-docx raises many kinds on a broken package (XML syntax, missing parts)
        raise ReadError("docx_damaged", f"Word（.docx）文件已损坏或格式不正确（内部结构无法解析），无法读取：{p.name}。"
                        "请用 Word/WPS 打开后另存为 .docx 或 PDF。") from None
    if body is None:
        raise ReadError("empty", f"Word 文件中没有正文：{p.name}")
    builder = TextBuilder()
    _walk(body, builder)
    text = builder.finish()
    if not text.strip():
        raise ReadError("empty", f"Word 文件中没有文字内容：{p.name}")
    return Document(path=str(path), format="docx", text=text, grids=builder.grids, pages=[(0, len(text))])


def _walk(parent, builder: TextBuilder) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == W + "p":
            builder.add_line(_para_text(child))
        elif tag == W + "tbl":
            rows = table_grid(child)
            if rows and len(rows[0]) == 1:
                for row in rows:  # a one-column table is a text frame, not a table
                    builder.add_line(row[0].text)
            elif rows:
                builder.add_grid(rows)
        elif tag == W + "sdt":  # content controls wrap paragraphs and tables
            content = child.find(W + "sdtContent")
            if content is not None:
                _walk(content, builder)


def _para_text(p) -> str:
    """A paragraph's visible text: runs, tabs and breaks; deleted text (w:del) is left out."""
    parts: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "delText"):
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag in (W + "tab",):
            parts.append(" ")
        elif el.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc) -> str:
    lines = []
    for p in tc.iter(W + "p"):
        lines.append(_para_text(p))
    return clean_cell("\n".join(lines))


def table_grid(tbl) -> list:
    """The table as an expanded grid: gridSpan and vMerge become repeats."""
    cells = []  # (row, col, rowspan, colspan, text)
    open_v: dict[int, int] = {}  # grid column -> index in cells of the vMerge "restart" cell
    n_cols = 0
    rows = [tr for tr in tbl.iterchildren(W + "tr")]
    for r, tr in enumerate(rows):
        col = 0
        trpr = tr.find(W + "trPr")
        if trpr is not None:
            before = trpr.find(W + "gridBefore")
            if before is not None:
                col += span_value(before.get(W + "val"), default=0, least=0)
        for tc in tr.iter(W + "tc"):
            if tc.getparent() is not tr and tc.getparent().tag != W + "sdtContent":
                continue  # a cell of a nested table
            tcpr = tc.find(W + "tcPr")
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    span = span_value(gs.get(W + "val"))
                vm = tcpr.find(W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(W + "val", "continue")
            if vmerge == "continue" and col in open_v:
                i = open_v[col]
                r0, c0, rs, cs, text = cells[i]
                cells[i] = (r0, c0, r - r0 + 1, cs, text)
            else:
                cells.append((r, col, 1, span, _cell_text(tc)))
                if vmerge == "restart":
                    open_v[col] = len(cells) - 1
                else:
                    open_v.pop(col, None)
            col += span
            if col >= MAX_COLS:
                break  # cells past the cap are dropped (no report table is this wide)
        n_cols = max(n_cols, col)
    if not rows or n_cols == 0:
        return []
    n_cols = min(n_cols, MAX_COLS)
    if too_big(len(rows), n_cols):
        return [[GridCell(line)] for line in cells_as_lines(cells)]  # one column: written as text lines
    grid = expand(cells, len(rows), n_cols)
    fill_label_blanks(grid)
    return grid
