"""Each seed's listed mistakes are found, and nothing else is reported as an error.

The truth files list the mistakes in prose; EXPECTED maps each to the rule that must
report it (the text copied from another body's report, seed 002, is out of scope).
"""
from __future__ import annotations

import json

import pytest

from tests.rules_support import SAMPLES, audit, by_rule

EXPECTED: dict[str, list[tuple[str, str]]] = {
    "000_3e90722e65647b3d": [("TPL-LABEL", "本年度止件数"), ("STR-RECTIFICATION", ""), ("META-DATE-MISSING", "")],
    "001_1ee85899e4f00aa5": [("STR-INFO-FEE", ""), ("STR-RECTIFICATION", ""), ("META-DATE-MISSING", "")],
    "002_3a1cadb5854a4598": [("TPL-LABEL", "其他法律法规禁止公开"), ("STR-INFO-FEE", "无"),
                             ("STR-RECTIFICATION", ""), ("META-DATE-MISSING", "")],
    "003_14adff9be6592cdd": [("not-assessed:META-PERIOD", "202311日至20231231日"), ("TPL-LABEL", "本年发件"),
                             ("TPL-LABEL", "现行有效件"), ("STR-RECTIFICATION", "")],
    "004_c4b5b95fa9e8725d": [("STR-HEADING-NUMBER", "总体情况"), ("STR-HEADING-NUMBER", "监督保障情况")],
    "hongze-district-2024": [("TPL-MIXED", "按2019版"), ("TPL-LABEL", "其他法律行政止公开"),
                             ("NAR-APPLICATIONS", "17"), ("STR-RECTIFICATION", "")],
    "huaian-city-2024": [("STR-RECTIFICATION", "")],
}


def _file(stem: str):
    return next(p for p in SAMPLES.glob(f"{stem}.*") if p.suffix != ".json")


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_seed_mistakes_found_and_no_other_error(stem):
    truth = json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    listed = [x for x in truth["inconsistencies"] if "copied from another body" not in x]
    assert len(EXPECTED[stem]) >= len(listed), "EXPECTED must cover every listed mistake"
    result = audit(_file(stem))
    for rule, words in EXPECTED[stem]:
        if rule.startswith("not-assessed:"):
            hits = [w.message for w in result.warnings if w.code == rule]
        else:
            hits = [f.message for f in by_rule(result, rule)]
        assert any(words in m for m in hits), (rule, words, hits)
    expected_errors = {r for r, _ in EXPECTED[stem]}
    errors = [f for f in result.findings if f.severity == "error" and f.rule not in expected_errors]
    assert errors == [], [f.message for f in errors]


def test_huaian_correct_report_has_no_error_or_warning():
    result = audit(SAMPLES / "huaian-city-2024.pdf")
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert not [w for w in result.warnings if w.code.startswith(("not-assessed:T", "not-assessed:NAR"))]


def test_hongze_findings_are_explained():
    result = audit(SAMPLES / "hongze-district-2024.pdf")
    mixed = by_rule(result, "TPL-MIXED")[0]
    assert mixed.severity == "error" and "表二" in mixed.message and "表三" in mixed.message
    label = by_rule(result, "TPL-LABEL")[0]
    assert label.severity == "warning" and label.current == "2.其他法律行政止公开"
    assert label.expected == "2.其他法律行政法规禁止公开"
    appl = by_rule(result, "NAR-APPLICATIONS")[0]
    assert appl.severity == "warning" and "17" in appl.message and "95" in appl.message
    assert result.report.text[appl.span[0]:appl.span[1]].replace("\n", "").count("17") == 1
    assert appl.section == 1


def test_cli_exit_code_1_on_error_finding(capsys):
    from app.cli import main

    assert main(["check", str(SAMPLES / "hongze-district-2024.pdf"), "--format", "json", "--no-text"]) == 1
    out = json.loads(capsys.readouterr().out)
    rules = [f["rule"] for f in out["reports"][0]["findings"]]
    assert "TPL-MIXED" in rules and "T3-CELL" in out["reports"][0]["rules_run"]
    assert main(["check", str(SAMPLES / "huaian-city-2024.pdf"), "--format", "json", "--no-text"]) == 0


def _summary(result):
    return sorted((f.rule, f.severity, f.current or "") for f in result.findings)


@pytest.mark.parametrize("variant", ["text/seed003-traditional.txt", "text/seed003-fullwidth-digits.txt"])
def test_seed003_copies_in_other_characters_get_the_same_findings(variant):
    from tests.rules_support import FIXTURES

    assert _summary(audit(FIXTURES / variant)) == _summary(audit(SAMPLES / "003_14adff9be6592cdd.txt"))


@pytest.mark.parametrize("variant", ["seed-003.docx", "seed-003.html", "seed-003-docx.pdf", "seed-003-html.pdf"])
def test_seed003_in_other_formats_has_no_error_or_number_warning(variant):
    from tests.rules_support import FIXTURES

    result = audit(FIXTURES / "formats" / variant)
    assert not [f for f in result.findings if f.severity == "error"]
    assert not [f for f in result.findings if f.rule.startswith(("T", "NAR")) and f.rule != "TPL-LABEL"]


def test_total_row_wrong_in_two_columns_is_reported_once():
    from app.model import CellRef
    from tests.rules_support import FIXTURES

    result = audit(FIXTURES / "formats" / "seed-003-unbalanced.docx")
    t3 = [f for f in result.findings if f.rule.startswith("T3")]
    assert [f.rule for f in t3] == ["T3-CELL"]
    assert t3[0].cells[:2] == [CellRef("table3", "total", 0), CellRef("table3", "total", 6)]
    assert "58、58" in t3[0].message and t3[0].expected.startswith("57、57")
