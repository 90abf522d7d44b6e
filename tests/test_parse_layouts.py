"""The core reader on every real layout: each seed read to its hand-checked truth."""
from __future__ import annotations

import pytest

from app.audit import audit_file
from app.result import report_json
from fixture_paths import SAMPLES, SEEDS, TEXT, truth


def _assert_matches_truth(got: dict, want: dict, *, sections: bool = True, org: bool = True) -> None:
    assert got["year"] == want["year"]
    assert got["template"] == want["template"]
    if org:
        assert got["org"] == want["org"]
    if sections:
        assert sorted(s["number"] for s in got["sections"]) == want["sections_present"]
    assert got["table3"]["rows"] == {k: v for k, v in want["table3"]["rows"].items()}
    assert got["table4"] == want["table4"]
    for key, val in want["section2"].items():
        assert got["section2"][key] == val, key


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_reads_to_truth(stem: str) -> None:
    result = audit_file(str(SAMPLES / f"{stem}.txt"))
    assert result.ok, result.error
    _assert_matches_truth(report_json(result), truth(stem))


def test_pdf_extracted_text_with_split_labels_reads_exactly() -> None:
    """pdfplumber text of the 淮安 2024 report: labels split around their numbers,
    vertical group labels split per character, table 四 right after table 三."""
    result = audit_file(str(TEXT / "huaian-pdftext-body.txt"))
    got = report_json(result)
    want = truth("huaian-city-2024")
    assert got["table3"]["rows"] == want["table3"]["rows"]
    assert got["table4"] == want["table4"]  # not mistaken for a table-三 row
    assert got["section2"]["fees"] == 96171.6
    # the split label is recorded whole, for the label rules
    partial = result.report.table3.rows["partial"]
    assert partial.label == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    # the vertical group label "（六）其他处理" interleaved into a row label is taken out
    assert result.report.table3.rows["other_2"].label == (
        "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    assert not [f for f in result.findings if f.rule == "TPL-LABEL"]


def test_eight_numbers_decided_by_row_sum_with_a_warning(tmp_path) -> None:
    text = (SAMPLES / "002_3a1cadb5854a4598.txt").read_text(encoding="utf-8")
    # a non-zero row where the extra blank column sits in the middle
    text = text.replace("→1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\t0".replace("→", "\t"),
                        "\t1.属于国家秘密\t3\t1\t0\t0\t0\t0\t0\t4")
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    result = audit_file(str(f))
    assert [v.value for v in result.report.table3.rows["deny_1"].values] == [3, 1, 0, 0, 0, 0, 4]
    assert any(w.code == "t3-row-width" and "按“总计 = 各列之和”" in w.message for w in result.warnings)


def test_a_value_span_points_at_its_digits_in_the_original_text() -> None:
    result = audit_file(str(SAMPLES / "003_14adff9be6592cdd.txt"))
    text = result.report.text
    for key, row in result.report.table3.rows.items():
        for v in row.values:
            assert text[v.span[0]:v.span[1]] == str(v.value), key
    v = result.report.section2.rows["licensing"].values[0]
    assert text[v.span[0]:v.span[1]] == "21820"


def test_unknown_cells_are_none_never_zero(tmp_path) -> None:
    text = (SAMPLES / "000_3e90722e65647b3d.txt").read_text(encoding="utf-8")
    text = text.replace("行政许可\t0", "行政许可\t/").replace(
        "(七) 总计\t0\t0\t0\t0\t0\t0\t0", "(七) 总计\t0\t-\t0\t0\t0\t0\t0")
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    got = report_json(audit_file(str(f)))
    assert got["section2"]["licensing"] is None
    assert got["table3"]["rows"]["total"] == [0, None, 0, 0, 0, 0, 0]


def test_pipe_flattened_tables_read_like_the_tab_version() -> None:
    """Markdown/pipe converters: `| label | 0 | 0 |` rows and a `|---|` rule line."""
    result = audit_file(str(TEXT / "seed000-pipes.txt"))
    _assert_matches_truth(report_json(result), truth("000_3e90722e65647b3d"))
    v = result.report.table3.rows["deny_1"].values[0]
    assert result.report.text[v.span[0]:v.span[1]] == "0"
