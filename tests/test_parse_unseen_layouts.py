"""Real reports in layouts the seeds do not have (tests/fixtures/layouts, written from the
seeds' text by make_layout_fixtures.py): headings behind markup, crawler headers before the
title, tables split per column group or printed apart from their labels, whole reports on
one line. Each is read by label to its seed's truth; what cannot be read with certainty is
unknown with a doubt, never a number from another row, and never an error finding."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.audit import audit_file
from app.config import RuleConfig
from app.result import report_json
from fixture_paths import SAMPLES

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
ALL = sorted(p.stem for p in LAYOUTS.glob("*.txt"))
# Fixtures whose every figure can be read with certainty.
EXACT = ["apart-huaian", "bracket-qiaoguan", "html2md-suizhong", "md-huaian", "numbered-suizhong",
         "numbers-first-qiaoguan", "oneline-glued-zhuyang", "oneline-huaian", "part-chengguan", "split-huaian"]
# One-line copies whose glued digits the sums do not decide everywhere: (table, row) -> why.
UNDECIDED = {
    "oneline-glued-huaian": {("section2", "regulations"), ("section2", "normative_docs"), ("table4", None)},
    "oneline-glued-suizhong": {("section2", "normative_docs")},
}


def _truth(name: str) -> dict:
    return json.loads((LAYOUTS / f"{name}.json").read_text(encoding="utf-8"))


def _read(path: Path):
    result = audit_file(str(path), RuleConfig())
    assert result.ok, result.error
    return result


def _cells(doc: dict) -> dict[tuple, object]:
    """Every scored cell of a report JSON (or a truth): (table, row, col) -> value."""
    out: dict[tuple, object] = {}
    for key, row in ((doc.get("table3") or {}).get("rows") or {}).items():
        for c, v in enumerate(row):
            out[("table3", key, c)] = v
    for c, v in enumerate(doc.get("table4") or []):
        out[("table4", None, c)] = v
    for key in ("regulations", "normative_docs", "licensing", "punishment", "enforcement", "fees"):
        val = (doc.get("section2") or {}).get(key)
        for c, v in enumerate(val if isinstance(val, list) else [val]):
            out[("section2", key, c)] = v
    return out


def test_every_fixture_has_its_truth() -> None:
    assert len(ALL) == 12
    for name in ALL:
        assert (LAYOUTS / f"{name}.json").exists(), name
    assert set(EXACT) | set(UNDECIDED) == set(ALL)


@pytest.mark.parametrize("name", EXACT)
def test_layout_reads_to_the_seed_truth(name: str) -> None:
    got, want = report_json(_read(LAYOUTS / f"{name}.txt")), _truth(name)
    assert (got["org"], got["year"], got["template"]) == (want["org"], want["year"], want["template"])
    assert sorted(s["number"] for s in got["sections"]) == want["sections_present"]
    assert _cells(got) == _cells(want)


@pytest.mark.parametrize("name", sorted(UNDECIDED))
def test_glued_digits_are_cut_only_where_the_sums_decide(name: str) -> None:
    result = _read(LAYOUTS / f"{name}.txt")
    got, want = _cells(report_json(result)), _cells(_truth(name))
    undecided = UNDECIDED[name]
    for cell, value in want.items():
        if cell[:2] in undecided:
            assert got[cell] is None, cell  # more than one way to cut: unknown, never a guess
        else:
            assert got[cell] == value, cell
    doubts = " ".join(w.message for w in result.warnings)
    assert "无法确定如何拆成" in doubts and "唯一地拆成7个数" in doubts


@pytest.mark.parametrize("name", ALL)
def test_a_correct_report_in_an_unseen_layout_raises_no_error(name: str) -> None:
    result = _read(LAYOUTS / f"{name}.txt")
    assert [f.rule for f in result.findings if f.severity == "error"] == []
    assert len(result.report.sections) == 6


def test_a_heading_placed_by_its_number_and_place_is_a_doubt() -> None:
    """``**第三部分 依申请公开情况**`` names no keyword of part three: taken for it, with a doubt."""
    result = _read(LAYOUTS / "part-chengguan.txt")
    third = result.report.section(3)
    assert third is not None and "依申请公开情况" in result.report.text[third.heading_span[0]:third.heading_span[1]]
    doubts = [w for w in result.warnings if w.code == "section-guessed"]
    assert len(doubts) == 1 and "第三部分" in doubts[0].message
    assert result.report.table3 is not None  # its table is found under it


@pytest.mark.parametrize("heading,numbered", [
    ("## 三、收到和处理政府信息公开申请情况", True),
    ("【三、收到和处理政府信息公开申请情况】", True),
    ("**三、收到和处理政府信息公开申请情况**", True),
    ("3. 收到和处理政府信息公开申请情况", True),
    ("第三部分：收到和处理政府信息公开申请情况", True),
    ("<h2>三、收到和处理政府信息公开申请情况</h2>", True),
    ("（三）收到和处理政府信息公开申请情况", True),
])
def test_heading_markup_is_taken_off(tmp_path, heading: str, numbered: bool) -> None:
    text = (SAMPLES / "000_3e90722e65647b3d.txt").read_text(encoding="utf-8")
    f = tmp_path / "r.txt"
    f.write_text(text.replace("三、收到和处理政府信息公开申请情况", heading, 1), encoding="utf-8")
    result = _read(f)
    assert sorted(s.number for s in result.report.sections) == [1, 2, 3, 4, 5, 6]
    assert result.report.section(3).numbered is numbered
    assert not [w for w in result.warnings if w.code == "section-guessed"]


def test_a_sub_item_numbered_like_a_list_is_not_a_part(tmp_path) -> None:
    """``2. 主动公开政府信息情况`` inside part one numbers a sub-item; part two is the real heading."""
    text = (SAMPLES / "000_3e90722e65647b3d.txt").read_text(encoding="utf-8")
    text = text.replace("(二) 依申请公开。", "1.主动公开情况\n\n(二) 依申请公开。", 1)
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    second = _read(f).report.section(2)
    assert second.title == "主动公开政府信息情况"


def test_table_of_contents_is_not_taken_for_the_sections(tmp_path) -> None:
    text = (SAMPLES / "000_3e90722e65647b3d.txt").read_text(encoding="utf-8")
    toc = "目录\n" + "\n".join(f"{h}……………{p}" if p % 2 else h for p, h in enumerate([
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"], 1))
    head, _, rest = text.partition("一、总体情况")
    f = tmp_path / "r.txt"
    f.write_text(head + toc + "\n\n一、总体情况" + rest, encoding="utf-8")
    result = _read(f)
    body = result.report.text.index("一、总体情况", result.report.text.index("六、其他需要报告的事项"))
    assert [s.number for s in result.report.sections] == [1, 2, 3, 4, 5, 6]
    assert result.report.sections[0].start == body
    assert report_json(result)["table3"]["rows"] == _truth_of_seed("000_3e90722e65647b3d")["table3"]["rows"]


def test_numbered_parts_listed_in_one_sentence_do_not_move_the_sections(tmp_path) -> None:
    text = (SAMPLES / "000_3e90722e65647b3d.txt").read_text(encoding="utf-8")
    intro = ("本报告包括一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况，"
             "四、政府信息公开行政复议、行政诉讼情况，五、存在的主要问题及改进情况，六、其他需要报告的事项。\n")
    head, _, rest = text.partition("一、总体情况")
    f = tmp_path / "r.txt"
    f.write_text(head + intro + "一、总体情况" + rest, encoding="utf-8")
    report = _read(f).report
    assert report.sections[0].start > report.text.index("本报告包括") + len(intro) - 2


def _truth_of_seed(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("head", [
    "标题：昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "名称:昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "#昌乐县人民政府 昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "#昌乐县人民政府#昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "# 昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "您当前的位置：首页 > 政务公开 > 昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "昌乐县人民政府门户网站 昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "【转载】昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
    "发布机构：昌乐县乔官镇人民政府\n2023年政府信息公开工作年度报告",
    "发布日期：2024-01-15 昌乐县乔官镇人民政府2023年政府信息公开工作年度报告",
])
def test_crawler_and_cms_headers_before_the_title_are_not_the_org(tmp_path, head: str) -> None:
    text = (SAMPLES / "004_c4b5b95fa9e8725d.txt").read_text(encoding="utf-8")
    body = text[text.index("公开工作年度报告") + len("公开工作年度报告"):]
    f = tmp_path / "r.txt"
    f.write_text("首页 > 政务公开\n" + head + "\n" + body, encoding="utf-8")
    report = _read(f).report
    assert report.org == "昌乐县乔官镇人民政府"
    assert report.year == 2023
    assert report.title.startswith("昌乐县乔官镇人民政府") or report.title.startswith("2023")
    s, e = report.org_span
    assert report.text[s:e] == "昌乐县乔官镇人民政府"


def test_a_label_column_that_does_not_match_its_numbers_is_unknown_not_shifted(tmp_path) -> None:
    """One row of numbers missing under a printed-apart label column: no row can be paired
    with certainty, so none is — never the numbers of the row before or after."""
    text = (LAYOUTS / "apart-huaian.txt").read_text(encoding="utf-8")
    f = tmp_path / "r.txt"
    f.write_text(text.replace("\n34 0 0 0 0 0 34\n", "\n").replace("\n1 0 11\n", "\n"), encoding="utf-8")
    result = _read(f)
    got, want = _cells(report_json(result)), _cells(_truth("apart-huaian"))
    for cell, value in got.items():
        if cell[0] != "table4":
            assert value is None or value == want[cell], cell
    assert any(w.code == "t2-unplaced" for w in result.warnings)
    assert any(w.code == "t3-labels-apart" and "无法确定" in w.message for w in result.warnings)


def test_split_table_pieces_and_footers(tmp_path) -> None:
    """表三 printed in two column groups; a page footer and the repeated header between the
    (二)部分公开 label and its numbers; the footer's digits are no cell."""
    result = _read(LAYOUTS / "split-huaian.txt")
    partial = result.report.table3.rows["partial"]
    assert [v.value for v in partial.values] == [447, 7, 0, 0, 0, 0, 454]
    assert partial.label == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    assert any(w.code == "t3-column-groups" for w in result.warnings)
    punish = result.report.section2.rows["punishment"].values[0]
    assert punish.value == 3985758 and result.report.text[punish.span[0]:punish.span[1]] == "3985758"


def test_a_blank_cell_in_a_pipe_row_keeps_the_columns(tmp_path) -> None:
    text = (LAYOUTS / "md-huaian.txt").read_text(encoding="utf-8")
    text = text.replace("| 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", "| 1.属于国家秘密 | 2 |  | 0 | 0 | 0 | 0 | 2 |")
    text = text.replace("| 行政规范性文件 | 8 | 26 | 66 |", "| 行政规范性文件 | 8 | &nbsp; | 66 |")
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    got = report_json(_read(f))
    assert got["table3"]["rows"]["deny_1"] == [2, None, 0, 0, 0, 0, 2]
    assert got["section2"]["normative_docs"] == [8, None, 66]


def test_glued_cells_spans_point_at_their_digits() -> None:
    result = _read(LAYOUTS / "oneline-glued-suizhong.txt")
    text = result.report.text
    new = result.report.table3.rows["new"].values
    assert [v.value for v in new] == [57, 0, 0, 0, 0, 0, 57]
    assert [text[v.span[0]:v.span[1]] for v in new] == ["57", "0", "0", "0", "0", "0", "57"]


def test_one_line_report_headings_found_inside_the_line() -> None:
    report = _read(LAYOUTS / "oneline-huaian.txt").report
    assert report.text.count("\n") <= 1
    for s in report.sections:
        assert report.text[s.heading_span[0]:s.heading_span[1]].endswith(s.title)
    assert report.title == "淮安市人民政府2024年政府信息公开工作年度报告"
    s, e = report.title_span
    assert report.text[s:e] == report.title


def test_numbers_whose_label_cannot_be_read_make_an_unknown_row_not_a_missing_one(tmp_path) -> None:
    """A row label garbled beyond recognition: its numbers cannot be placed, so the row is
    unknown with a doubt — not "missing" (an error the report does not have), and no sum
    is computed without it."""
    text = (LAYOUTS / "md-huaian.txt").read_text(encoding="utf-8")
    f = tmp_path / "r.txt"
    f.write_text(text.replace("5.属于三类内部事务信息", "5.□□□□□□"), encoding="utf-8")
    result = _read(f)
    assert [v.value for v in result.report.table3.rows["deny_5"].values] == [None] * 7
    assert [v.value for v in result.report.table3.rows["deny_6"].values] == [12, 0, 0, 0, 0, 0, 12]
    assert [f.rule for f in result.findings if f.severity == "error"] == []
    doubts = [w.message for w in result.warnings if w.code in ("t3-missing-row", "t3-unlabelled-row")]
    assert any("5.属于三类内部事务信息" in m and "无法读取" in m for m in doubts)
    assert any("7 1 0 0 0 0 8" in m for m in doubts)


def test_a_note_after_a_normal_table_does_not_make_it_numbers_first(tmp_path) -> None:
    """Only a table whose every row has its numbers before its label is re-paired: a normal
    table followed by a note that names a row stays as printed."""
    text = (SAMPLES / "000_3e90722e65647b3d.txt").read_text(encoding="utf-8")
    text = text.replace("\n四、政府信息公开行政复议", "\n注：结转下年度继续办理\n\n四、政府信息公开行政复议", 1)
    text = text.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                        "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1")
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    result = _read(f)
    assert [v.value for v in result.report.table3.rows["new"].values] == [1, 0, 0, 0, 0, 0, 1]
    assert not [w for w in result.warnings if w.code == "t3-numbers-first"]


def test_a_short_line_named_like_a_row_gives_way_to_the_row_printed_whole(tmp_path) -> None:
    text = (SAMPLES / "004_c4b5b95fa9e8725d.txt").read_text(encoding="utf-8")
    text = text.replace("三、收到和处理政府信息公开申请情况\n",
                        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 件\n", 1)
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    result = _read(f)
    assert [v.value for v in result.report.table3.rows["new"].values] == [1, 0, 0, 0, 0, 0, 1]
    assert any(w.code == "t3-duplicate-row" and "完整7个数" in w.message for w in result.warnings)
