"""Saved web pages: GBK charset, page chrome removed, rowspan/colspan tables, .mht."""
from __future__ import annotations

from app.ingest import read_document
from app.ingest.html import decode_html, read_html
from formats_helpers import FORMATS, SAMPLES, check_spans, figures, row_texts


def test_gbk_page_without_chrome():
    doc = read_html(FORMATS / "seed-003.html")
    assert doc.encoding == "gb18030"
    assert doc.text.startswith("绥中县2023年政府信息公开工作年度报告\n")
    for chrome in ("首页", "当前位置", "索引号", "发布机构", "统计代码", "ICP", "document.write"):
        assert chrome not in doc.text


def test_rowspan_colspan_expanded_with_spans():
    doc = read_html(FORMATS / "seed-003.html")
    assert check_spans(doc) > 300
    assert [(len(g.rows), len(g.rows[0])) for g in doc.grids] == [(14, 4), (28, 10), (4, 15)]
    t3 = doc.grids[1]
    assert [t3.rows[r][0].origin for r in range(6, 27)] == [(5, 0)] * 21
    assert row_texts(t3)[1] == ["^", "^", "^", "自然人", "法人或其他组织", "^", "^", "^", "^", "总计"]


def test_html_and_mht_of_a_seed_read_like_its_text_version():
    want = figures(SAMPLES / "003_14adff9be6592cdd.txt")
    assert figures(FORMATS / "seed-003.html") == want
    assert figures(FORMATS / "seed-003.mht") == want
    assert read_document(FORMATS / "seed-003.mht").format == "html"


def test_meta_charset_wins_over_guessing():
    text, enc = decode_html('<meta charset="gb2312"><p>政府信息公开</p>'.encode("gbk"))
    assert enc == "gb18030" and "政府信息公开" in text
