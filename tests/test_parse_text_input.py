"""Encodings, normalisation and bad text inputs, on files in tests/fixtures/text."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.audit import audit_file
from app.ingest import read_document
from app.normalize import normalize
from app.result import report_json
from fixture_paths import SAMPLES, TEXT, truth

ENCODED = ["seed004-gb18030.txt", "seed004-utf16.txt", "seed004-utf16le-nobom.txt",
           "seed004-utf8bom.txt", "seed004-crlf.txt"]


@pytest.mark.parametrize("name", ENCODED)
def test_encodings_are_detected_from_the_bytes(name: str) -> None:
    got = report_json(audit_file(str(TEXT / name)))
    want = truth("004_c4b5b95fa9e8725d")
    assert got["org"] == want["org"] and got["year"] == 2023
    assert got["table3"]["rows"] == want["table3"]["rows"]
    assert got["published"] == "2024-01-15"


def test_encoding_names() -> None:
    assert read_document(TEXT / "seed004-gb18030.txt").encoding == "gb18030"
    assert read_document(TEXT / "seed004-utf16.txt").encoding == "utf-16"
    assert read_document(TEXT / "seed004-utf8bom.txt").encoding == "utf-8-sig"


@pytest.mark.parametrize("name", ["seed003-traditional.txt", "seed003-fullwidth-digits.txt"])
def test_traditional_characters_and_fullwidth_digits(name: str) -> None:
    got = report_json(audit_file(str(TEXT / name)))
    want = truth("003_14adff9be6592cdd")
    assert got["org"] == want["org"]
    assert got["table3"]["rows"] == want["table3"]["rows"]
    assert got["section2"]["normative_docs"] == [1, 12, 27]
    assert got["sections"] and len(got["sections"]) == 6


def test_normaliser_offset_map_points_back_at_original_characters() -> None:
    original = "表三（七）总计：　５７ 件…共计１２件"
    nt = normalize(original)
    assert "(七)总计:" in nt.text and "57" in nt.text and "12" in nt.text
    i = nt.text.index("57")
    s, e = nt.span(i, i + 2)
    assert original[s:e] == "５７"
    j = nt.text.index("12")  # after "…" became "..." (length changed)
    s, e = nt.span(j, j + 2)
    assert original[s:e] == "１２"


def test_fullwidth_value_span_points_at_fullwidth_digits() -> None:
    result = audit_file(str(TEXT / "seed003-fullwidth-digits.txt"))
    v = result.report.table3.rows["new"].values[0]
    assert result.report.text[v.span[0]:v.span[1]] == "５７"


def test_template_detection_2021_and_sections_without_numbers() -> None:
    r = audit_file(str(SAMPLES / "004_c4b5b95fa9e8725d.txt")).report
    assert r.template == "2021"
    first = r.section(1)
    assert first is not None and not first.numbered  # "总体情况" without "一、"
    assert r.text[first.start:first.start + 4] == "总体情况"
    # the preamble that lists the six parts in one sentence is not a heading
    assert r.text.index("本报告主要包括") < first.start


@pytest.mark.parametrize("name,code,words", [
    ("bad-empty.txt", "empty", "空"),
    ("bad-whitespace.txt", "empty", "空白"),
    ("bad-binary.txt", "binary", "二进制"),
    ("bad-not-a-report.txt", "not_report", "未识别为政府信息公开工作年度报告"),
])
def test_bad_inputs_give_a_clear_chinese_message(name: str, code: str, words: str) -> None:
    r = audit_file(str(TEXT / name))
    assert r.status == "error" and r.error.code == code
    assert words in r.error.message


def test_missing_path_and_huge_file(tmp_path) -> None:
    r = audit_file(str(tmp_path / "nope.txt"))
    assert r.error.code == "not_found" and "不存在" in r.error.message
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:  # sparse 50 MB file: refused by size before reading
        fh.truncate(50 * 1024 * 1024)
    r = audit_file(str(huge))
    assert r.error.code == "too_large" and "50.0 MB" in r.error.message


def test_check_command_json_and_exit_codes(tmp_path) -> None:
    good = SAMPLES / "000_3e90722e65647b3d.txt"
    proc = subprocess.run([sys.executable, "-m", "app", "check", str(good), str(TEXT / "bad-binary.txt"),
                           "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    import json

    doc = json.loads(proc.stdout)
    assert doc["schema"] == 1 and len(doc["reports"]) == 2
    assert doc["reports"][0]["status"] == "ok" and doc["reports"][1]["status"] == "error"
    assert doc["reports"][1]["error"]["message"]
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "无法读取" in proc.stderr


def test_check_folder_is_recursive_and_sorted(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("003_14adff9be6592cdd.txt", "000_3e90722e65647b3d.txt"):
        (tmp_path / "b" / name).write_bytes((SAMPLES / name).read_bytes())
    (tmp_path / "notes.xyz").write_text("x")
    from app.ingest import iter_report_files

    files = iter_report_files([str(tmp_path)])
    assert [Path(f).name for f in files] == ["000_3e90722e65647b3d.txt", "003_14adff9be6592cdd.txt"]


def test_template_2019_and_mixed() -> None:
    r19 = audit_file(str(TEXT / "v2019-report-2020.txt")).report
    assert (r19.year, r19.template, r19.table3.layout, r19.section2.layout) == (2020, "2019", "2019", "2019")
    assert len(r19.table3.rows) == 23 and "other" in r19.table3.rows
    assert [v.value for v in r19.section2.rows["licensing"].values] == [12, -2, 340]  # signed 本年增/减
    amount = r19.section2.rows["procurement"].values[1]
    assert (amount.value, amount.unit) == (251000, "元")  # a unit written inside the cell is kept
    mixed = audit_file(str(TEXT / "mixed-2021-t2-2019-t3.txt")).report
    assert (mixed.template, mixed.section2.layout, mixed.table3.layout) == ("mixed", "2021", "2019")


@pytest.mark.parametrize("name,data,words", [
    ("report.docx", b"hello, not a zip", "不是有效的 Word"),
    ("report.pdf", b"not a pdf at all", "PDF 文件已损坏"),
])
def test_extension_of_a_binary_format_with_other_content(tmp_path, name, data, words) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    r = audit_file(str(f))
    assert r.status == "error" and words in r.error.message
