"""Hypothesis fuzzing of the places hostile files reach: figures, dates, spans, charsets, markup, Flate.

Each property is what the issue asked of the reader: whatever the input, no exception
but a ReadError, strict JSON, linear caps that hold, and the same answer as before
wherever the input was sane.
"""
from __future__ import annotations

import json
import math
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile
from app.model import Document, ReadError

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED = hostile.seed_text()

digits = st.text(alphabet="0123456789", min_size=1, max_size=6000)
ABSURD = ["9" * 5000, "1" + "0" * 400, "0." + "9" * 400, "9" * 400 + ".5", "１２３" * 200, "1" + "0" * 16]
figures = st.one_of(
    st.sampled_from(ABSURD),
    digits,
    st.builds(lambda a, b: f"{a}.{b}", digits, digits),
    st.builds(lambda a: "-" + a, digits),
    st.builds(lambda a: ",".join([a[:3] or "1"] * 8), digits),
    st.sampled_from(["1e400", "nan", "inf", "Infinity", "-0", "00000000000000000000001"]),
)
dates = st.builds(
    lambda y, m, d: f"{y}年{m}月{d}日",
    st.text(alphabet="〇○零O一二三四五六七八九十0123456789", min_size=1, max_size=5),
    st.text(alphabet="〇一二三四五六七八九十0123456789", min_size=1, max_size=4),
    st.text(alphabet="〇一二三四五六七八九十0123456789", min_size=1, max_size=4),
)
pieces = st.one_of(figures, dates, st.text(max_size=50), st.sampled_from(["上年结转", "结转下年度", "受理", "件", "\n"]))


def _strict(obj) -> None:
    def refuse(name):
        raise AssertionError(name)
    json.loads(json.dumps(obj, ensure_ascii=False), parse_constant=refuse)


FIGURES_AT = [m.span() for m in __import__("re").finditer(r"\d+", SEED)]


@FAST
@given(cells=st.lists(st.tuples(st.integers(0, len(FIGURES_AT) - 1), figures), min_size=1, max_size=4),
       edits=st.lists(st.tuples(st.integers(0, len(SEED)), pieces), max_size=4))
def test_any_figure_or_date_in_a_real_report_reads_without_error(cells, edits):
    """Replace figures of a real report (its tables first of all) with absurd ones, and insert
    absurd figures, typo dates and digit runs anywhere."""
    from app.model import AuditResult
    from app.parse import parse_document
    from app.result import dumps_strict, report_json
    from app.rules import check

    spans = {FIGURES_AT[i]: figure for i, figure in cells}
    text = SEED
    for (a, b), figure in sorted(spans.items(), reverse=True):
        text = text[:a] + figure + text[b:]
    for at, piece in sorted(edits, reverse=True):
        at = min(at, len(text))
        text = text[:at] + piece + text[at:]
    try:
        report = parse_document(Document(path="x.txt", format="txt", text=text))
    except ReadError:
        return
    outcome = check(report)
    assert not [w for w in outcome.warnings if w.code.startswith("rule-failed")], [w.message for w in outcome.warnings]
    values = [v.value for t in (report.table3, report.section2) if t for row in t.rows.values() for v in row.values]
    values += [v.value for v in report.table4.values] if report.table4 else []
    assert all(v is None or (math.isfinite(v) and abs(v) < 10 ** 15) for v in values)
    result = AuditResult(path="x.txt", report=report, findings=outcome.findings)
    _strict(json.loads(dumps_strict(report_json(result))))


@FAST
@given(st.text(max_size=40))
def test_classify_never_returns_an_unusable_number(s):
    from app.parse.tokens import classify

    kind, value, _ = classify(s)
    assert value is None or (kind == "num" and math.isfinite(value) and abs(value) < 10 ** 15)


@FAST
@given(st.one_of(st.none(), st.text(max_size=30)), st.integers(0, 5), st.integers(0, 1))
def test_span_values_stay_in_range(raw, default, least):
    from app.ingest.layout import MAX_SPAN, span_value

    v = span_value(raw, default, least)
    assert least <= v <= MAX_SPAN


@FAST
@given(st.text(max_size=20))
def test_any_declared_charset_is_a_safe_codec_or_none(name):
    from app.ingest.html import decode_html, web_codec

    codec = web_codec(name)
    if codec is not None:
        try:
            "一、总体情况".encode("gb18030").decode(codec)
        except UnicodeError:
            pass  # a real codec may refuse these bytes; the reader then falls back to detection
    page = f'<meta charset="{name}"><p>一、总体情况</p>'.encode("utf-8", errors="replace")
    try:
        decode_html(page)
    except ReadError:
        pass


cell_attr = st.one_of(st.none(), st.sampled_from(["0", "1", "2", "3", "1000", "99999999", "-1", "abc", "1e9", ""]))


@FAST
@given(st.lists(st.lists(st.tuples(cell_attr, cell_attr), min_size=1, max_size=6), min_size=1, max_size=30))
def test_html_grid_is_rectangular_and_capped(rows):
    from lxml import html

    from app.ingest.html import table_grid
    from app.ingest.layout import MAX_COLS

    def td(i, rs, cs):
        a = (f' rowspan="{rs}"' if rs is not None else "") + (f' colspan="{cs}"' if cs is not None else "")
        return f"<td{a}>c{i}</td>"

    body = "".join("<tr>" + "".join(td(i, rs, cs) for i, (rs, cs) in enumerate(r)) + "</tr>" for r in rows)
    grid = table_grid(html.fromstring(f"<table>{body}</table>"))
    assert len(grid) == len(rows)
    widths = {len(r) for r in grid}
    assert len(widths) == 1 and 0 < widths.pop() <= MAX_COLS
    for row in grid:
        for cell in row:
            if cell.origin is not None:
                r, c = cell.origin
                assert grid[r][c].origin is None and grid[r][c].text == cell.text


@FAST
@given(st.lists(st.lists(st.tuples(cell_attr, st.sampled_from([None, "restart", "continue"])), min_size=1, max_size=6),
                min_size=1, max_size=20), cell_attr)
def test_docx_grid_is_rectangular_and_capped(rows, before):
    from lxml import etree

    from app.ingest.docx import table_grid
    from app.ingest.layout import MAX_COLS

    ns = hostile.W_NS.decode()

    def tc(i, span, vmerge):
        pr = (f'<w:gridSpan w:val="{span}"/>' if span is not None else "") + \
             (f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "")
        return f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>c{i}</w:t></w:r></w:p></w:tc>"

    trpr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before is not None else ""
    body = "".join(f"<w:tr>{trpr}" + "".join(tc(i, s, v) for i, (s, v) in enumerate(r)) + "</w:tr>" for r in rows)
    grid = table_grid(etree.fromstring(f'<w:tbl xmlns:w="{ns}">{body}</w:tbl>'))
    widths = {len(r) for r in grid}
    assert len(widths) == 1 and widths.pop() <= MAX_COLS


def _pdfminer_original(data: bytes) -> bytes:
    """pdfminer's byte-at-a-time retry, as shipped (quadratic, fine on small inputs)."""
    d = zlib.decompressobj()
    out = b""
    i = 0
    try:
        for i in range(len(data)):
            out += d.decompress(data[i:i + 1])
    except zlib.error:
        if i < len(data) - 3:
            raise
    return out


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=3000), st.lists(st.integers(0, 10**6), max_size=4), st.integers(0, 40))
def test_damaged_flate_inflates_as_pdfminer_did(content, flips, cut):
    from app.ingest.pdfminer_limits import inflate_damaged

    packed = bytearray(zlib.compress(content))
    for f in flips:
        packed[f % len(packed)] ^= 0x5A
    data = bytes(packed[:max(1, len(packed) - cut)])
    try:
        expected = _pdfminer_original(data)
    except zlib.error:
        expected = None
    try:
        got = inflate_damaged(data)
    except zlib.error:
        got = None
    assert got == expected


@FAST
@given(st.text(alphabet=st.sampled_from(list("<>/!-\"'= abcdiprstvhl一二&;#\n")), max_size=400))
def test_flat_page_reading_never_fails(page):
    from app.ingest.html_flat import flat_lines

    lines = flat_lines(page)
    assert all(line == line.strip() and line for line in lines)


@settings(max_examples=15, deadline=None)
@given(depth=st.integers(1, 2600), tag=st.sampled_from(["div", "span", "font", "b"]))
def test_nested_markup_never_loses_the_text_after_it(depth, tag):
    from app.ingest.html import _parse, _Walker
    from app.ingest.html_flat import flat_lines
    from app.ingest.layout import TextBuilder

    page = f"<html><body>{f'<{tag}>' * depth}深处{f'</{tag}>' * depth}<p>之后的段落</p></body></html>"
    root, truncated = _parse(page, "x.html")
    if truncated:
        lines = flat_lines(page)
    else:
        builder = TextBuilder()
        _Walker(builder).walk(root)
        lines = builder.finish().split("\n")
    assert any("之后的段落" in line for line in lines) and any("深处" in line for line in lines)
