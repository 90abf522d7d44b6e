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

from app.ingest.layout import TextBuilder, clean_cell, expand, fill_label_blanks
from app.model import Document, ReadError

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
    root = _parse(text, p.name)
    _strip_chrome(root)
    _Walker(builder).walk(root)
    out = builder.finish()
    if not out.strip():
        raise ReadError("empty", f"网页中没有正文文字：{p.name}")
    return Document(path=str(path), format="html", text=out, grids=builder.grids, pages=[(0, len(out))],
                    encoding=enc)


def _is_mht(data: bytes, p: Path) -> bool:
    low = data[:2000].lower()
    return p.suffix.lower() in (".mht", ".mhtml") or (b"mime-version:" in low and b"multipart/related" in low)


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode by the BOM, the page's meta charset, else detection (GBK pages are common)."""
    from app.ingest.text import decode_bytes

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data)
    m = _CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936") else enc
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def _mht_html(data: bytes, name: str) -> tuple[str, str]:
    """The first text/html part of a MIME archive (.mht), decoded with its own charset."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset:
                enc = "gb18030" if charset.lower() in ("gb2312", "gbk", "x-gbk") else charset
                try:
                    return payload.decode(enc), enc
                except (LookupError, UnicodeDecodeError):
                    pass
            return decode_html(payload)
    raise ReadError("mht_no_html", f"MHT 网页存档中没有找到网页正文：{name}")


def _parse(text: str, name: str):
    from lxml import etree, html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                             default_doctype=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise ReadError("html_unreadable", f"网页内容无法解析：{name}") from None
    return root


def _classes(el) -> set[str]:
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

    def walk(self, el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "table" and el.find(".//table") is None:
            self.flush()
            self.table(el)
        else:
            block = tag in _BLOCK or tag in ("td", "th", "table")
            if block:
                self.flush()
            if el.text:
                self.line.append(el.text)
            for child in el:
                self.walk(child)
                if child.tail:
                    self.line.append(child.tail)
            if block:
                self.flush()

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
    parts: list[str] = []

    def visit(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("br", "p", "div", "li"):
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(td)
    return clean_cell("".join(parts).replace("\u00a0", " "))


def _span(el, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"\D", "", el.get(name, "1")) or 1), 1000))
    except ValueError:
        return 1


def table_grid(table) -> list:
    """A <table> as an expanded grid (rowspan/colspan repeated, with ``origin``)."""
    trs = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    cells = []
    taken: set[tuple[int, int]] = set()
    n_cols = 0
    for r, tr in enumerate(trs):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            rs = min(rs, len(trs) - r)
            cells.append((r, c, rs, cs, _cell_text(td)))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken.add((rr, cc))
            c += cs
        n_cols = max(n_cols, c, max((cc + 1 for (rr, cc) in taken if rr == r), default=0))
    if not trs or n_cols == 0:
        return []
    grid = expand(cells, len(trs), n_cols)
    fill_label_blanks(grid)
    return grid
