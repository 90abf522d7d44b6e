"""Row reading below the tables: page furniture, made-up headers, glued labels and digits."""
from __future__ import annotations

import pytest

from app.model import Value
from app.normalize import normalize
from app.parse.glued import blocks_hold, row_sum_holds, split_glued
from app.parse.tokens import glued_pieces, rows_from_tokens, tokenize


def _rows(text: str) -> list[tuple[str, list]]:
    nt = normalize(text)
    return [(r.label, [v.value for v in r.values]) for r in rows_from_tokens(tokenize(nt, 0, len(nt.text)))]


@pytest.mark.parametrize("footer", ["- 4 -", "— 4 —", "第 4 页", "第4页 共7页", "第 4 页/共 7 页", "4/7", "Page 4 of 7"])
def test_page_footer_between_a_label_and_its_numbers_is_no_cell(footer: str) -> None:
    assert _rows(f"行政处罚\n{footer}\n3985758\n") == [("行政处罚", [3985758])]


def test_page_counter_inside_a_line_is_no_cell() -> None:
    assert _rows("2.重复申请 第 5 页 共 9 页 25 0 0 0 0 0 25") == [("2.重复申请", [25, 0, 0, 0, 0, 0, 25])]


def test_generic_converter_header_is_dropped_but_numbered_words_are_kept() -> None:
    text = "| 数据1 | 数据2 | 数据3 | 数据4 |\n|---|---|---|---|\n| 规章 | 1 | 0 | 11 |\n"
    assert _rows(text) == [("规章", [1, 0, 11])]
    assert _rows("数据2 3") == [("数据2", [3])]  # not a run 1, 2, …: left alone


@pytest.mark.parametrize("token,pieces", [
    ("数量3001", ["数量", "3001"]),
    ("3119二、上年结转", ["3119", "二、上年结转"]),
    ("00000002.其他", ["0000000", "2.其他"]),
    ("2.其他法律行政法规禁止公开", ["2.其他法律行政法规禁止公开"]),
    ("1、申请人无正当理由", ["1、申请人无正当理由"]),
    ("收费96171.6", ["收费", "96171.6"]),
    ("信息2471条", ["信息2471条"]),
    ("2023年", ["2023年"]),
    ("第4页", ["第4页"]),
    ("〔2021〕30号", ["〔2021〕30号"]),
    ("数据1", ["数据1"]),
])
def test_numbers_glued_to_labels_are_cut_apart(token: str, pieces: list[str]) -> None:
    assert [token[a:b] for a, b in glued_pieces(token)] == pieces


def _v(*raws: str) -> list[Value]:
    return [Value(int(r), r, (0, len(r))) for r in raws]


def test_glued_row_cut_the_one_way_the_row_sum_allows() -> None:
    [reading] = split_glued(_v("230", "000023"), 7, row_sum_holds)
    assert [v.value for v in reading] == [23, 0, 0, 0, 0, 0, 23]
    [reading] = split_glued(_v("3001530", "06143119"), 7, row_sum_holds)
    assert [v.value for v in reading] == [3001, 53, 0, 0, 61, 4, 3119]
    assert [v.span for v in reading][:2] == [(0, 4), (4, 6)]


def test_glued_digits_with_several_readings_are_not_decided() -> None:
    assert len(split_glued(_v("1011"), 3, lambda cells: True)) == 2  # 1 0 11 or 10 1 1
    assert len(split_glued(_v("726417837351", "1348126", "1211620"), 15, blocks_hold)) == 2


def test_glued_digits_that_fit_no_reading_or_are_absurdly_long_give_none() -> None:
    assert split_glued(_v("5", "0", "0", "0", "0", "5"), 7, row_sum_holds) == []
    assert split_glued(_v("1" * 45), 7, row_sum_holds) == []
    assert split_glued(_v("9" * 400), 15, blocks_hold) == []
