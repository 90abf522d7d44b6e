"""Word (.docx) reports: paragraphs and tables in body order, merged cells expanded.

The package is checked before python-docx touches it: a .docx is a zip, and a zip can
claim gigabytes (zip bomb) or carry an XML document with entity definitions (XML bomb).
Tables are read from the WordprocessingML directly, because python-docx's cell access
hides how a merged cell is spanned: ``w:gridSpan`` (horizontal) and ``w:vMerge``
(vertical, "restart" then continuations) are expanded into a rectangular grid.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from app.ingest.layout import TextBuilder, clean_cell, expand, fill_label_blanks
from app.model import Document, ReadError

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
                if i.filename.endswith((".xml", ".rels")):
                    with zf.open(i) as fh:
                        head = fh.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise ReadError("docx_xml_entities", f"Word 文件的 XML 中含有实体定义（<!DOCTYPE/<!ENTITY>），"
                                        f"疑似“XML 炸弹”，正常的 Word 文件不会这样，已拒绝读取：{name}")
    except zipfile.BadZipFile:
        raise ReadError("docx_damaged", f"Word（.docx）文件已损坏，无法解压：{name}") from None


def read_docx(path: str | Path) -> Document:
    """Read a .docx into a Document or raise ReadError."""
    p = Path(path)
    check_package(p)
    import docx

    try:
        document = docx.Document(str(p))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise ReadError("docx_damaged", f"Word（.docx）文件已损坏或格式不正确，无法读取：{p.name}（{type(exc).__name__}）") from None
    builder = TextBuilder()
    body = document.element.body
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
                col += int(before.get(W + "val", "0") or 0)
        for tc in tr.iter(W + "tc"):
            if tc.getparent() is not tr and tc.getparent().tag != W + "sdtContent":
                continue  # a cell of a nested table
            tcpr = tc.find(W + "tcPr")
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    span = max(int(gs.get(W + "val", "1") or 1), 1)
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
        n_cols = max(n_cols, col)
    if not rows or n_cols == 0:
        return []
    grid = expand(cells, len(rows), n_cols)
    fill_label_blanks(grid)
    return grid
