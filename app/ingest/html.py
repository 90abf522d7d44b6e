"""Saved web pages (.html/.htm, and .mht archives): the article text and its tables.

Government sites publish most reports as article pages: the report sits between a
navigation bar, a 索引号/发布机构 metadata table and a footer, often in GBK. The page is
parsed offline (lxml, no network, no entities, scripts dropped), the chrome is removed as
far as it can be recognised, and every data ``<table>`` becomes a grid with rowspan and
colspan expanded.
"""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from app.ingest.layout import (MAX_COLS, TextBuilder, cells_as_lines, clean_cell, expand, fill_label_blanks, span_value,
                               too_big)
from app.model import Document, GridCell, ParseWarning, ReadError

_DROP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "head", "nav", "footer", "aside",
              "form", "select", "button", "input", "textarea", "svg", "canvas", "template", "map", "video", "audio"}
_CHROME = {"nav", "navbar", "menu", "footer", "foot", "breadcrumb", "crumb", "crumbs", "share", "sidebar",
           "topbar", "banner", "copyright", "bdsharebuttonbox", "location", "position"}
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "center",
          "blockquote", "pre", "dd", "dt", "dl", "tr", "tbody", "thead", "main", "header", "hr", "body"}
_META_TABLE = ("索引号", "发布机构", "发文日期", "主题分类", "文号", "发布日期", "成文日期")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def read_html(path: str | Path) -> Document:
    """Read an .html/.htm/.mht page into a Document or raise ReadError."""
    p = Path(path)
    data = p.read_bytes()
    if _is_mht(data, p):
        text, enc = _mht_html(data, p.name)
    else:
        text, enc = decode_html(data)
    builder = TextBuilder()
    warnings: list[ParseWarning] = []
    root, truncated = _parse(text, p.name)
    if truncated:  # deeper than libxml2 goes: the tree lacks the rest of the page
        from app.ingest.html_flat import flat_lines

        for line in flat_lines(text):
            builder.add_line(line)
        warnings.append(ParseWarning("html_too_deep", f"网页的标签嵌套层数超过 {MAX_DEPTH} 层，无法按网页结构读取，"
                                     "已按纯文字读取全文；表格按文字顺序读取，请核对表格数字。"))
    else:
        _strip_chrome(root)
        _Walker(builder).walk(root)
    out = builder.finish()
    if not out.strip():
        raise ReadError("empty", f"网页中没有正文文字：{p.name}")
    return Document(path=str(path), format="html", text=out, grids=builder.grids, pages=[(0, len(out))],
                    encoding=enc, warnings=warnings)


def _is_mht(data: bytes, p: Path) -> bool:
    low = data[:2000].lower()
    return p.suffix.lower() in (".mht", ".mhtml") or (b"mime-version:" in low and b"multipart/related" in low)


# Charsets a saved page may name. Anything else ("undefined", punycode, idna, rot13, a
# name with a NUL in it) is ignored and the bytes are detected instead: Python has codecs
# by those names that raise odd errors or turn a page into garbage.
_WEB_CODECS = {"utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "hz", "utf-16", "utf-16-le",
               "utf-16-be", "ascii", "latin-1", "iso8859-1", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949"}
MAX_MIME_NESTING = 32  # multipart containers in one .mht (a saved page has one or two)


def web_codec(name: str | None) -> str | None:
    """The Python codec for a page's declared charset, or None when it is not a web text encoding."""
    if not name:
        return None
    name = name.strip().lower()
    if name in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        return "gb18030"
    try:
        import codecs

        codec = codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):
        return None
    if codec in _WEB_CODECS or codec.startswith(("iso8859-", "cp125")):
        return codec
    return None


def _decode_as(data: bytes, charset: str | None) -> tuple[str, str] | None:
    enc = web_codec(charset)
    if enc is None:
        return None
    try:
        return data.decode(enc), enc
    except (UnicodeError, LookupError, ValueError):
        return None


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode by the BOM, the page's meta charset, else detection (GBK pages are common)."""
    from app.ingest.text import decode_bytes

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data)
    if 0 < data.count(b"\x00") <= 16:  # a few stray NULs (one inside a charset name) do not make a page binary
        data = data.replace(b"\x00", b"")
    m = _CHARSET.search(data[:8192])
    if m:
        decoded = _decode_as(data, m.group(1).decode("ascii", errors="replace"))
        if decoded:
            return decoded
    return decode_bytes(data)


def _mht_html(data: bytes, name: str) -> tuple[str, str]:
    """The first text/html part of a MIME archive (.mht), decoded with its own charset."""
    if data.lower().count(b"multipart/") > MAX_MIME_NESTING:
        raise ReadError("mht_nested", f"MHT 网页存档的结构异常（多层嵌套的 MIME 分段超过 {MAX_MIME_NESTING} 个），"
                        f"不像是正常保存的网页，无法读取：{name}。请在浏览器中打开后另存为 .html 或打印为 PDF。")
    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in msg.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True) or b""
                if not isinstance(payload, bytes):
                    payload = str(payload).encode("utf-8", errors="replace")
                return _decode_as(payload, part.get_content_charset()) or decode_html(payload)
    except (RecursionError, ValueError, LookupError, TypeError, UnicodeError, IndexError):
        raise ReadError("mht_damaged", f"MHT 网页存档的结构已损坏，无法读取：{name}。"
                        "请在浏览器中打开后另存为 .html 或打印为 PDF。") from None
    raise ReadError("mht_no_html", f"MHT 网页存档中没有找到网页正文：{name}")


MAX_TABLE_ROWS = 2000  # a report table has a few dozen rows
MAX_DEPTH = 2048  # libxml2's element depth with huge_tree (256 without it)


def _parse(text: str, name: str):
    """The page's tree, and whether libxml2 stopped at its depth limit (the rest of the page is missing)."""
    from lxml import etree, html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    # huge_tree lifts the depth limit from 256 to 2048: a page nested 300 deep (seen on real
    # sites) used to lose everything below, and its sections were then reported missing.
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=True,
                             default_doctype=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise ReadError("html_unreadable", f"网页内容无法解析：{name}") from None
    truncated = any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message
                    for e in parser.error_log)
    return root, truncated


def _classes(el) -> set[str]:
    if el.get("class") is None and el.get("id") is None:
        return set()
    raw = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return set(re.split(r"[\s_\-]+", raw)) - {""}


def _strip_chrome(root) -> None:
    """Drop scripts, styles, navigation, footers and 索引号 metadata tables."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)
            continue
        tag = el.tag.lower()
        if tag in _DROP_TAGS or (_classes(el) & _CHROME and tag != "body" and tag != "html"):
            doomed.append(el)
        elif tag == "table" and el.find(".//table") is None:
            text = "".join(el.itertext())
            if sum(k in text for k in _META_TABLE) >= 2 and "申请人情况" not in text and "信息内容" not in text:
                doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the dropped element


class _Walker:
    """Flow text into lines; data tables into grids."""

    def __init__(self, builder: TextBuilder):
        self.builder = builder
        self.line: list[str] = []

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\u00a0\u3000]+", " ", "".join(self.line)).strip()
        self.line = []
        if text:
            self.builder.add_line(text)

    def walk(self, root) -> None:
        """Depth-first over the tree with an explicit stack (a page may nest 2 000 deep)."""
        stack: list[tuple[str, object, bool]] = [("enter", root, False)]
        while stack:
            what, el, block = stack.pop()
            if what == "tail":
                self.line.append(el)
                continue
            if what == "exit":
                if block:
                    self.flush()
                continue
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if tag == "table" and el.find(".//table") is None:
                self.flush()
                self.table(el)
                continue
            block = tag in _BLOCK or tag in ("td", "th", "table")
            if block:
                self.flush()
            if el.text:
                self.line.append(el.text)
            stack.append(("exit", el, block))
            for child in reversed(el):
                if child.tail:
                    stack.append(("tail", child.tail, False))
                stack.append(("enter", child, False))

    def table(self, el) -> None:
        rows = table_grid(el)
        if not rows:
            return
        if len(rows[0]) == 1:
            for row in rows:
                if row[0].origin is None and row[0].text:
                    self.builder.add_line(row[0].text)
            return
        self.builder.add_grid(rows)


def _cell_text(td) -> str:
    if len(td) == 0:  # the usual cell: one text node
        return clean_cell((td.text or "").replace("\u00a0", " "))
    parts: list[str] = []
    stack: list[tuple[bool, object]] = [(False, td)]  # (is a tail text, element or text)
    while stack:
        is_tail, item = stack.pop()
        if is_tail:
            parts.append(item)
            continue
        tag = item.tag.lower() if isinstance(item.tag, str) else ""
        if tag in ("br", "p", "div", "li"):
            parts.append("\n")
        if item.text:
            parts.append(item.text)
        for child in reversed(item):
            if child.tail:
                stack.append((True, child.tail))
            stack.append((False, child))
    return clean_cell("".join(parts).replace("\u00a0", " "))


def _span(el, name: str) -> int:
    raw = el.get(name)
    return 1 if raw is None or raw == "1" else span_value(raw)


def table_grid(table) -> list:
    """A <table> as an expanded grid (rowspan/colspan repeated, with ``origin``).

    Linear in the size of the grid: ``busy[c]`` is the first row at which column ``c``
    is free again, so a cell's place is found without a set of every covered position
    (that set made a page with rowspan="1000" on each cell take minutes and gigabytes).
    """
    trs = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    if len(trs) > MAX_TABLE_ROWS:  # not a report table: its rows as lines of text, cheaply
        lines = (clean_cell(" ".join(tr.itertext())) for tr in trs)
        return [[GridCell(line)] for line in lines if line]
    cells = []
    busy: list[int] = []
    n_cols = 0
    for r, tr in enumerate(trs):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while c < len(busy) and busy[c] > r:
                c += 1
            if c >= MAX_COLS:
                break  # no report table is this wide: the rest of the row is dropped
            rs, cs = _span(td, "rowspan"), min(_span(td, "colspan"), MAX_COLS - c)
            rs = min(rs, len(trs) - r)
            cells.append((r, c, rs, cs, _cell_text(td)))
            if len(busy) < c + cs:
                busy.extend([0] * (c + cs - len(busy)))
            for cc in range(c, c + cs):
                busy[cc] = r + rs
            c += cs
        n_cols = max(n_cols, c, max((cc + 1 for cc, b in enumerate(busy) if b > r), default=0))
    if not trs or n_cols == 0:
        return []
    if too_big(len(trs), n_cols):
        return [[GridCell(line)] for line in cells_as_lines(cells)]  # one column: written as text lines
    grid = expand(cells, len(trs), n_cols)
    fill_label_blanks(grid)
    return grid
