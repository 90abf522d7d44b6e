"""PDF reports: fast text through pdfium, ruled tables through pdfplumber on table pages only.

pdfplumber lays out every character (~0.25 s a page), pdfium extracts a page's text in a
few milliseconds. So pdfium reads every page, finds the pages that hold a ruled table
with table keywords, and only those go through pdfplumber's table finder. On those pages
the text is rebuilt top to bottom: the running text around each table (from pdfium,
bounded to the region) and the table itself, one line per row, from the grid.
"""
from __future__ import annotations

import re
from pathlib import Path

from app.ingest.layout import TextBuilder
from app.ingest.pdf_tables import JoinedTable, TablesUnreadable, find_parts, join_parts, to_grid
from app.model import Document, ParseWarning, ReadError

# Words that only a report table prints; a page needs one of them and ruling lines.
TABLE_KEYWORDS = ("信息内容", "申请人情况", "本年新收", "上年结转", "结转下年度", "结果维持",
                  "未经复议直接起诉", "复议后起诉", "属于国家秘密", "第二十条", "本年处理决定数量")
MIN_PATHS = 4  # ruling lines (path objects) a page needs to be a table page
_FURNITURE = re.compile(r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
                        r"|\d{1,4}\s*/\s*\d{1,4})\s*$")


def read_pdf(path: str | Path) -> Document:
    """Read a PDF into a Document or raise ReadError (encrypted, damaged, empty, scanned, garbled)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    p = Path(path)
    try:
        pdf = pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise ReadError("pdf_encrypted", f"PDF 文件已加密（需要密码才能打开），无法读取：{p.name}。"
                            "请向报送单位索取未加密的版本，或用 PDF 软件输入密码后另存为无密码的 PDF。") from None
        if _page_count(p) == 0:  # pdfium refuses a document without pages; pdfminer tells
            raise ReadError("pdf_no_pages", f"PDF 文件没有任何页面：{p.name}") from None
        raise ReadError("pdf_damaged", f"PDF 文件已损坏或格式不正确，无法打开：{p.name}。"
                        "请重新下载或向报送单位索取原文件。") from None
    warnings: list[ParseWarning] = []
    try:
        pages, bad = _read_pages(pdf, raw)
        if not pages:
            if bad:
                raise ReadError("pdf_damaged", f"PDF 文件的页面全部已损坏，无法读取：{p.name}。"
                                "请重新下载或向报送单位索取原文件。")
            raise ReadError("pdf_no_pages", f"PDF 文件没有任何页面：{p.name}")
        if bad:
            listed = "、".join(str(i + 1) for i in bad[:10]) + ("等" if len(bad) > 10 else "")
            warnings.append(ParseWarning("pdf_page_damaged", f"第 {listed} 页已损坏，无法读取，已跳过这些页面；"
                                         "缺少的内容可能导致章节或表格读不全，请核对原文件。"))
        scans = _read_scans(pdf, pages, p.name)  # OCR hook: image-only pages (app/ingest/ocr.py)
        if scans is None:
            _check_text_layer(pages, p.name, warnings)
        furniture = _repeated_lines(pages)
        by_index = {pg.index: pg for pg in pages}
        table_pages = [pg.index for pg in pages if pg.is_table_page]
        tables: list[JoinedTable] = []
        if table_pages:
            try:
                parts, failed = find_parts(str(p), table_pages, len(pdf))
            except TablesUnreadable:
                parts, failed = [], []
                warnings.append(ParseWarning("pdf_tables_unreadable", "PDF 文件的内部结构有损（如交叉引用表损坏），"
                                             "表格无法按格线读取，已按文字顺序读取表格，请核对表格数字。"))
            for i in failed:
                warnings.append(ParseWarning("pdf_table_failed", f"第 {i + 1} 页的表格无法按格线读取，已按文字顺序读取。"))
            alone = {i: _alone(by_index[i], [pt for pt in parts if pt.page == i], furniture) for i in table_pages}
            tables = join_parts(parts, alone)
        text, builder = _assemble(pages, tables, furniture, scans)
        layer_text = "\n".join(pg.text for pg in pages) if tables else None
        ocr = None
        if scans is not None:  # OCR hook: provenance and doubts of the pages read by OCR
            from app.ingest.ocr import ocr_notice

            ocr = scans.info()
            warnings += [ocr_notice(sorted(scans.reads), len(pages))] + scans.warnings
    finally:
        for pg in pages if "pages" in locals() else []:
            pg.close()
        pdf.close()
    return Document(path=str(path), format="pdf", text=text, grids=builder.grids, pages=builder.pages,
                    warnings=warnings, layer_text=layer_text, ocr=ocr)


def _read_scans(pdf, pages: list[_Page], name: str):
    """OCR hook: the pages that are only an image (no text layer) read by OCR, or None."""
    scanned = [pg.index for pg in pages if len(re.sub(r"\s", "", pg.text)) < 5 and pg.images]
    if not scanned:
        return None
    from app.ingest.ocr import read_pdf_scans

    return read_pdf_scans(pdf, scanned, name)


def _page_count(path: Path) -> int | None:
    """Pages as pdfminer counts them, None when it cannot read the file either."""
    try:
        import pdfplumber

        from app.ingest.pdfminer_limits import install

        install()

        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except Exception:
        return None


class _Page:
    """What pdfium tells about one page; ``bounded(top, bottom)`` reads a horizontal band."""

    def __init__(self, index: int, text: str, width: float, height: float, paths: int, images: int, textpage):
        self.index = index
        self.text = _norm(text)
        self.width = width
        self.height = height
        self.paths = paths
        self.images = images
        self._textpage = textpage
        compact = re.sub(r"\s", "", self.text)
        self.is_table_page = paths >= MIN_PATHS and any(k in compact for k in TABLE_KEYWORDS)
        self.page = None

    def close(self) -> None:
        self._textpage.close()
        if self.page is not None:
            self.page.close()

    def bounded(self, top: float, bottom: float) -> str:
        """Text between ``top`` and ``bottom`` (pdfplumber coordinates: y grows downwards)."""
        if bottom - top < 1:
            return ""
        return _norm(self._textpage.get_text_bounded(0, self.height - bottom, self.width, self.height - top))


def _read_pages(pdf, raw) -> tuple[list[_Page], list[int]]:
    """The readable pages, and the indexes of pages pdfium cannot load (skipped, not fatal)."""
    import pypdfium2 as pdfium

    pages: list[_Page] = []
    bad: list[int] = []
    for i in range(len(pdf)):
        page = textpage = None
        try:
            page = pdf[i]
            textpage = page.get_textpage()
            width, height = page.get_size()
            paths = images = 0
            for obj in page.get_objects(max_depth=1):
                if obj.type == raw.FPDF_PAGEOBJ_PATH:
                    paths += 1
                elif obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    images += 1
            text = textpage.get_text_range()
        except pdfium.PdfiumError:  # "Failed to load page": one damaged page, not a damaged file
            for obj in (textpage, page):
                if obj is not None:
                    obj.close()
            bad.append(i)
            continue
        pg = _Page(i, text, width, height, paths, images, textpage)
        pg.page = page  # kept open for bounded reads; closed by read_pdf
        pages.append(pg)
    return pages, bad


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufeff", "")


def _check_text_layer(pages: list[_Page], name: str, warnings: list[ParseWarning]) -> None:
    """Refuse scans and text that cannot be decoded; say which pages are scans."""
    chars = sum(len(re.sub(r"\s", "", pg.text)) for pg in pages)
    if chars < 20:
        if any(pg.images for pg in pages):
            raise ReadError("pdf_scanned", f"扫描件，无文字层：{name} 的页面是图片，没有可复制的文字，"
                            "目前无法自动审核。请向报送单位索取可复制文字的 PDF 或 Word 版本。")
        raise ReadError("pdf_no_text", f"PDF 中没有可读取的文字：{name}")
    share, why = garbage_share(" ".join(pg.text for pg in pages))
    if why:
        raise ReadError("pdf_garbled", f"PDF 的文字无法正确解码（{why}），读出的是乱码：{name}。"
                        "可能使用了没有 Unicode 映射的字体，请向报送单位索取 Word 版本或可复制文字的 PDF。")
    for pg in pages:
        if len(re.sub(r"\s", "", pg.text)) < 5 and pg.images:
            warnings.append(ParseWarning("pdf_scanned_page", f"第 {pg.index + 1} 页是扫描图片，无文字层，未读取该页内容。"))


def garbage_share(text: str) -> tuple[float, str]:
    """Share of Chinese characters and the reason the text looks like garbage ("" when fine).

    A font without a Unicode map yields Latin-1 mojibake, private-use characters,
    U+FFFD or pdfminer's ``(cid:123)``; a Chinese report is mostly Chinese characters.
    """
    body = re.sub(r"\s", "", text)
    if not body:
        return 0.0, ""
    cjk = sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    bad = sum(1 for ch in body if ord(ch) < 32 or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff"
              or "\u0080" <= ch <= "\u024f")
    cid = text.count("(cid:")
    share = cjk / len(body)
    if cid >= 5 and cid * 8 > len(body) * 0.1:
        return share, "含大量 (cid:) 字形编号"
    if bad / len(body) > 0.1:
        return share, "含大量无法识别的字符"
    if len(body) >= 50 and share < 0.2:
        return share, "中文字符极少"
    return share, ""


def _is_furniture(line: str, furniture: set[str]) -> bool:
    s = line.strip()
    return bool(_FURNITURE.match(s)) or (s != "" and _key(s) in furniture)


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", line))


def _repeated_lines(pages: list[_Page]) -> set[str]:
    """Running headers/footers: a first or last line printed on most pages (digits ignored)."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for pg in pages:
        lines = [ln for ln in pg.text.split("\n") if ln.strip() and not _FURNITURE.match(ln.strip())]
        for ln in {*lines[:1], *lines[-1:]}:
            counts[_key(ln)] = counts.get(_key(ln), 0) + 1
    return {k for k, n in counts.items() if n >= max(3, (len(pages) + 1) // 2) and len(k) <= 40}


def _clean_lines(text: str, furniture: set[str]) -> list[str]:
    if not text.strip():
        return []
    return [ln.rstrip() for ln in text.split("\n") if not _is_furniture(ln, furniture)]


def _alone(page: _Page, parts, furniture: set[str]) -> tuple[bool, bool]:
    """(no running text above the first table, none below the last) on ``page``."""
    if not parts:
        return False, False
    top = min(pt.bbox[1] for pt in parts)
    bottom = max(pt.bbox[3] for pt in parts)
    above = [ln for ln in _clean_lines(page.bounded(0, top), furniture) if ln.strip()]
    below = [ln for ln in _clean_lines(page.bounded(bottom, page.height), furniture) if ln.strip()]
    return not above, not below


def _assemble(pages: list[_Page], tables: list[JoinedTable], furniture: set[str],
              scans=None) -> tuple[str, TextBuilder]:
    """Write every page top to bottom: running text, table rows (grid lines), running text."""
    builder = TextBuilder()
    # (page, top, bottom, table, part index) of every table part, in page order
    placed: dict[int, list[tuple[float, float, JoinedTable, int]]] = {}
    grids = {}
    for t in tables:
        tg = to_grid(t)
        grids[id(t)] = tg
        for k, part in enumerate(t.parts):
            placed.setdefault(part.page, []).append((part.bbox[1], part.bbox[3], t, k))
    made: dict[tuple[int, int], object] = {}
    for pg in pages:
        builder.start_page()
        items = sorted(placed.get(pg.index, []), key=lambda it: it[0])
        if scans is not None and pg.index in scans.reads:  # OCR hook
            scans.write_page(builder, pg.index)
        elif not items:
            for ln in _clean_lines(pg.text, furniture):
                builder.add_line(ln)
        else:
            y = 0.0
            for top, bottom, t, k in items:
                for ln in _clean_lines(pg.bounded(y, top), furniture):
                    builder.add_line(ln)
                _write_part(builder, grids[id(t)], t, k, made, pg.index)
                y = bottom
            for ln in _clean_lines(pg.bounded(y, pg.height), furniture):
                builder.add_line(ln)
        builder.end_page()
    text = builder.finish()
    return text, builder


def _write_part(builder: TextBuilder, tg, table: JoinedTable, k: int, made: dict, page: int) -> None:
    """Write the rows of part ``k``: grid rows as tab-separated lines, running-text rows as lines."""
    seg_of: dict[int, tuple[int, list]] = {}
    for start, seg in tg.segments:
        for r in range(start, start + len(seg)):
            seg_of[r] = (start, seg)
    for r, row_top in enumerate(tg.row_tops):
        if table.part_of(row_top) != k:
            continue
        if r in seg_of:
            start, seg = seg_of[r]
            key = (id(table), start)
            grid = made.get(key)
            if grid is None:
                grid = builder.new_grid(seg, page=page)
                made[key] = grid
            builder.add_grid_row(grid, r - start)
        else:
            text = " ".join(c.text for c in tg.rows[r] if c.origin is None and c.text)
            if text:
                builder.add_line(text)
