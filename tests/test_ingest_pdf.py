"""PDF reader on the two real reports and on PDFs made by LibreOffice from a seed."""
from __future__ import annotations

import pytest

from app.ingest.pdf import garbage_share, read_pdf
from app.model import ReadError
from formats_helpers import FIXTURES, FORMATS, SAMPLES, check_spans, figures, row_texts, truth


def _table3_grid(doc):
    return next(g for g in doc.grids if any("申请人情况" in c.text for c in g.rows[0]))


def test_huaian_grids_join_pages_and_expand_merged_cells():
    doc = read_pdf(SAMPLES / "huaian-city-2024.pdf")
    assert doc.format == "pdf" and len(doc.pages) == 6
    assert check_spans(doc) > 300
    shapes = [(len(g.rows), len(g.rows[0])) for g in doc.grids]
    assert shapes == [(14, 4), (28, 10), (4, 15)]  # 表二 and 表三 each span a page break
    t3 = _table3_grid(doc)
    rows = row_texts(t3)
    # the vertical group label is one merged cell over the 22 result rows
    assert rows[5][0] == "三、本年度办理结果"
    assert all(t3.rows[r][0].origin == (5, 0) for r in range(6, 27))
    # "（四）无" / "法提供" was cut by the page break: one label again, the next page's row a repeat
    assert rows[15][1:4] == ["（四）无法提供", "1.本机关不掌握相关政府信息", "746"]
    assert rows[16][:4] == ["^", "^", "2.没有现成信息需要另行制作", "11"]
    assert rows[27] == ["四、结转下年度继续办理", "^", "^", "103", "0", "0", "0", "0", "0", "103"]
    # one line per row, cells separated by tabs, page numbers kept out
    assert "（七）总计\t2932\t53\t0\t0\t61\t4\t3050\n" in doc.text
    assert "- 4 -" not in doc.text and "\n-4-\n" not in doc.text


def test_hongze_grid_reads_labels_in_place_and_keeps_misprint():
    doc = read_pdf(SAMPLES / "hongze-district-2024.pdf")
    check_spans(doc)
    rows = row_texts(_table3_grid(doc))
    assert len(rows) == 26  # the 2019 single （六）其他处理 row
    labels = [r[2] for r in rows]
    assert "2.其他法律行政止公开" in labels  # printed misprint kept for the label rules
    other = next(r for r in rows if r[1] == "（六）其他处理")
    assert other[2:] == ["^", "0", "0", "0", "0", "0", "0", "0"]  # empty label cell is no value
    # running text inside ruled frames is text, not a table
    assert "一、总体情况\n" in doc.text
    assert all(len(g.rows[0]) > 1 for g in doc.grids)


@pytest.mark.parametrize("stem", ["huaian-city-2024", "hongze-district-2024"])
def test_real_pdfs_read_to_the_hand_checked_figures(stem):
    want = truth(stem)
    got = figures(SAMPLES / f"{stem}.pdf")
    assert got["table3"]["rows"] == want["table3"]["rows"]
    assert got["table4"] == want["table4"]
    for key, value in want["section2"].items():
        assert got["section2"][key] == value


@pytest.mark.parametrize("name", ["seed-003-docx.pdf", "seed-003-html.pdf"])
def test_libreoffice_pdfs_read_like_the_text_version(name):
    assert figures(FORMATS / name) == figures(SAMPLES / "003_14adff9be6592cdd.txt")


def test_unmapped_font_is_refused_not_parsed():
    with pytest.raises(ReadError) as exc:
        read_pdf(FIXTURES / "unreadable-synthetic.pdf")
    assert exc.value.code == "pdf_garbled"
    assert "乱码" in exc.value.message


def test_garbage_share_flags_cid_and_mojibake_but_not_chinese():
    assert garbage_share("政府信息公开工作年度报告 一、总体情况 2024 年 3119 件" * 5)[1] == ""
    assert garbage_share("(cid:12)(cid:34)(cid:56)(cid:78)(cid:90) " * 10)[1]
    assert garbage_share("æ¿å”ä¿¡æå‹å…€å„·å”ƒæŠ¥å‘Š" * 10)[1]
