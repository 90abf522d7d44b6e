"""A PDF's ruled grid is cross-checked against its text layer; the grid wins, a doubt is said."""
from __future__ import annotations

import dataclasses

from app.ingest import read_document
from app.parse import parse_document
from fixture_paths import SAMPLES


def test_real_pdfs_grid_and_text_layer_agree() -> None:
    for name in ("huaian-city-2024.pdf", "hongze-district-2024.pdf"):
        doc = read_document(SAMPLES / name)
        assert doc.layer_text and doc.grids
        report = parse_document(doc)
        assert not [w for w in report.warnings if w.code == "grid-text-disagree"], name


def test_a_number_that_differs_in_the_text_layer_is_reported_and_the_grid_wins() -> None:
    doc = read_document(SAMPLES / "huaian-city-2024.pdf")
    row = "3001 53 0 0 61 4 3119"  # 一、本年新收 in the text layer
    assert doc.layer_text.count(row) == 1
    altered = dataclasses.replace(doc, layer_text=doc.layer_text.replace(row, "3007 53 0 0 61 4 3119"))
    report = parse_document(altered)
    assert report.table3.rows["new"].values[0].value == 3001  # the grid's reading is kept
    doubts = [w for w in report.warnings if w.code == "grid-text-disagree"]
    assert len(doubts) == 1
    assert "一、本年新收政府信息公开申请数量”×自然人 框线为 3001，文字层为 3007" in doubts[0].message
    s, e = doubts[0].span
    assert report.text[s:e] == "3001"
