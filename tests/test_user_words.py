"""Not one word of ours in what reaches a person: exports, help, the rule catalogue as shown.

Walks every string the exported workbooks (visible sheets and columns) and Word notices,
the command line's help and errors, the rule help and the rule registry produce, and
fails on the internal words an auditor or a township must never read: our
specification's name or section signs, snake_case identifiers, codes such as
``not-assessed`` or ``t3-row-width``, exception class names, "python".
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import build_parser, main
from app.export.rule_docs import rules_for
from app.export.sendback import export_units
from app.export.wording import DOUBTS, READ_ERRORS, doubt_category, read_error_category
from app.export.xlsx import write_checklist
from app.rules.basis import basis
from app.rules.catalogue import ALL_RULES
from app.rules.docs import render
from sendback_support import OFFICE, TODAY, UNREADABLE, all_strings, docx_strings, reviewed, sample_paths

INTERNAL = re.compile("|".join((
    r"FORMAT\.md", r"FORMAT", r"§", r"not-assessed", r"rule-failed", r"(?i:python)", r"Traceback",
    r"\b[a-z]+(?:_[a-z0-9]+)+\b",  # snake_case
    r"(?<![-\w])(?:t[234]|no|grid|pdf|docx|legacy|html|mht)-[a-z]+",  # our kebab-case codes
    r"\b[A-Z][a-zA-Z]*(?:Error|Exception)\b",  # exception class names
    r"\bINV-|\bXS-|\b[VSMCUP]-\d\d\b",  # our specification's invariant and check numbers
)))


def offending(strings) -> list[str]:
    return sorted({s for s in strings if s and INTERNAL.search(s)})


def test_the_pattern_catches_what_it_must():
    caught = ["FORMAT.md §8.3 M-04", "依据 §7", "pdf_damaged", "t3-row-width", "not-assessed:META-PERIOD",
              "由 python -m app.rules.docs 生成", "内部错误（ZeroDivisionError）", "INV-T3-COL", "no-table3"]
    assert offending(caught) == sorted(caught)
    fine = ["表三 “（七）总计” × 自然人", "T3-CELL", "国办公开办函〔2021〕30号", "--no-text", "2024年第1期",
            "hongze-district-2024.pdf", "000_3e90722e65647b3d.txt", "《政府信息公开条例》第四十九条"]
    assert offending(fine) == []


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("words")
    results = reviewed(tmp, sample_paths() + [str(UNREADABLE)])
    units = export_units(results, tmp / "units", OFFICE, notices=True, today=TODAY)
    summary = write_checklist(results, tmp / "汇总.xlsx", office=OFFICE, today=TODAY)
    return results, units, summary


def test_the_summary_workbook(exported):
    _, _, summary = exported
    wb = load_workbook(summary)
    strings = all_strings(wb, visible_only=True)
    assert len(strings) > 100
    assert offending(strings) == []
    for ws in wb.worksheets:  # what may hold codes is hidden from view
        if ws.sheet_state != "visible":
            assert ws.title == "复核数据"


def test_the_unit_workbooks_and_notices(exported):
    _, units, _ = exported
    for unit in units.written:
        wb = load_workbook(unit.checklist)
        strings = all_strings(wb, visible_only=True)
        assert offending(strings) == [], unit.checklist.name
        assert not [s for s in strings if re.search(r"\b[A-Z]{2,}\d?-[A-Z]", s)], unit.checklist.name  # no rule codes
        notice = docx_strings(unit.notice)
        assert offending(notice) == [] and not [s for s in notice if re.search(r"\b[A-Z]{2,}\d?-[A-Z]", s)]


def test_doubt_and_error_categories_are_chinese_words():
    codes = list(DOUBTS) + [f"not-assessed:{r.id}" for r in ALL_RULES] + [f"rule-failed:{r.id}" for r in ALL_RULES]
    codes += ["t3-something-new", "pdf_new_problem", "whatever_else", ""]
    titles = {r.id: r.title for r in ALL_RULES}
    words = [doubt_category(c, titles.get) for c in codes]
    words += [read_error_category(c) for c in list(READ_ERRORS) + ["pdf_new", "docx_new", "strange_code", ""]]
    assert offending(words) == [] and all(re.search(r"[\u4e00-\u9fff]", w) for w in words)
    assert doubt_category("not-assessed:META-PERIOD", titles.get) == "无法评估：统计期限为报告年度1月1日至12月31日"


def test_the_rule_catalogue_as_people_read_it():
    shown = []
    for r in ALL_RULES:
        shown += [r.title, r.doc, r.example, basis(r.id, r.source)]
        assert re.search(r"《|国办|条例|地方|DB51", basis(r.id, r.source)), r.id  # an official text is cited
    assert offending(shown) == []
    help_page = render()
    visible = re.sub(r"\]\(#[^)]*\)", "]", help_page)  # link targets are not shown in the help window
    assert offending(visible.splitlines()) == []
    docs_rules = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert docs_rules == help_page


def test_rule_sources_are_mapped_for_rules_added_later():
    assert basis("NEW-RULE", "FORMAT.md §7 INV-X；国办公开办函〔2021〕30号 表三") == "国办公开办函〔2021〕30号 表三"
    assert basis("NEW-RULE", "FORMAT.md §8.2 S-07") and offending([basis("NEW-RULE", "FORMAT.md §8.2 S-07")]) == []
    docs = rules_for([])
    assert docs == []


def test_the_command_line_help_and_errors(capsys):
    parser = build_parser()
    pages = [parser.format_help()]
    sub = next(a for a in parser._actions if a.dest == "command")
    pages += [p.format_help() for p in sub.choices.values()]
    for bad in (["check"], ["check", "x", "--format", "y"], ["nope"], ["check", "x", "--bogus"], ["recheck", "a"],
                ["check", "x", "--docx"], ["check", "--per-unit"]):
        try:
            code = main(bad)
        except SystemExit as exc:
            code = exc.code
        err = capsys.readouterr().err
        assert code == 2 and re.search(r"[\u4e00-\u9fff]", err), (bad, err)
        pages.append(err)
    for page in pages:
        assert offending(page.splitlines()) == []
        english = set(re.findall(r"\b[a-z]{4,}\b", page)) - {"govaudit", "check", "recheck", "text", "json", "xlsx",
                                                              "docx", "workspace", "against", "format", "version", "units", "link", "unlink", "overview", "forget", "jobs", "timeout",
                                                                  "aggregate",
                                                              "help", "unit", "bogus", "nope", "html", "mhtml", "jpeg", "tiff"}
        assert not english, (english, page)
    assert "用法：" in pages[0] and "（默认：text）" in pages[1]
    from app.ingest import REPORT_EXTENSIONS

    listed = re.findall(r"\.[a-z]+", pages[1].split("路径", 2)[-1].split("选项")[0])
    assert listed[:len(REPORT_EXTENSIONS)] == list(REPORT_EXTENSIONS)  # every extension the reader takes, in order


def test_the_command_line_summary_of_the_samples(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    main(["check", *sample_paths()])
    out = capsys.readouterr().out
    assert out.count("年度") >= 7
    assert offending(out.splitlines()) == []
    # A rule code appears only beside the rule's Chinese title (for grep), never alone.
    for line in out.splitlines():
        for code in re.findall(r"\b[A-Z]{2,}[0-9]?-[A-Z0-9-]+\b", line):
            assert f"（{code}）" in line and re.search(r"[\u4e00-\u9fff]（" + re.escape(code), line), line
