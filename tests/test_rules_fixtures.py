"""Every rule fires on a fixture made to break it and stays silent on the real report it came from."""
from __future__ import annotations

import pytest

from app.model import CellRef
from tests.rules_support import SAMPLES, audit, by_rule, rule_fixture

S0 = SAMPLES / "000_3e90722e65647b3d.txt"
S3 = SAMPLES / "003_14adff9be6592cdd.txt"
S4 = SAMPLES / "004_c4b5b95fa9e8725d.txt"
HUAIAN = SAMPLES / "huaian-city-2024.pdf"
HONGZE = SAMPLES / "hongze-district-2024.pdf"
R = rule_fixture

# rule id, fixture where it fires, severity, number of findings, file where it is silent
CASES = [
    ("T3-CELL", R("t3-one-cell.txt"), "error", 1, S0),
    ("T3-COL-BALANCE", R("t3-col-balance.txt"), "error", 2, HUAIAN),
    ("T3-TOTAL-SUM", R("t3-total-sum.txt"), "error", 2, HUAIAN),
    ("T3-ROW-SUM", R("t3-row-sum.txt"), "error", 2, HUAIAN),
    ("T3-INTEGER", R("t3-integer.txt"), "error", 2, S3),
    ("T3-BLANK", R("t3-blank.txt"), "warning", 1, S0),
    ("T4-BLOCK-SUM", R("t4-block-sum.txt"), "error", 1, HUAIAN),
    ("T4-INTEGER", R("t4-integer.txt"), "error", 1, S3),
    ("T4-BLANK", R("t4-blank.txt"), "warning", 1, S0),
    ("T2-NUMBER", R("t2-negative.txt"), "error", 1, HUAIAN),
    ("T2-FEE-UNIT", R("t2-fee-yuan.txt"), "warning", 1, S3),
    ("T2-V19-DELTA", R("t2-v19-delta.txt"), "warning", 1, R("tpl-2019-in-2023.txt")),
    ("TPL-OLD-LAYOUT", R("tpl-2019-in-2023.txt"), "error", 1, S4),
    ("TPL-MIXED", HONGZE, "error", 1, HUAIAN),
    ("TPL-NEW-EARLY", R("tpl-2021-in-2020.txt"), "warning", 1, S4),
    ("TPL-LABEL", S0, "warning", 1, R("tpl-label-ok.txt")),
    ("TPL-MISSING", R("t3-missing-row.txt"), "error", 1, S0),
    ("STR-SECTIONS", R("str-no-section6.txt"), "error", 1, S4),
    ("STR-HEADING-NUMBER", S4, "warning", 2, R("str-numbered.txt")),
    ("STR-OVERVIEW-ASPECTS", SAMPLES / "001_1ee85899e4f00aa5.txt", "warning", 1, S4),
    ("STR-EMPTY", R("str-empty-section5.txt"), "error", 1, S4),
    ("STR-PROBLEMS-MEASURES", R("str-problems-only.txt"), "warning", 1, S4),
    ("STR-RECTIFICATION", S0, "info", 1, S4),
    ("STR-INFO-FEE", R("str-no-fee.txt"), "warning", 1, S4),
    ("META-YEAR", R("meta-period-year.txt"), "error", 1, S4),
    ("META-PERIOD", R("meta-period-short.txt"), "error", 1, S4),
    ("META-DATE-MISSING", S0, "info", 1, S4),
    ("META-DATE-EARLY", R("meta-date-early.txt"), "error", 1, S4),
    ("META-DEADLINE", R("meta-department-late.txt"), "warning", 1, S3),
    ("NAR-APPLICATIONS", R("nar-received.txt"), "warning", 1, S3),
    ("NAR-REVIEW-LITIGATION", R("nar-review.txt"), "warning", 1, HUAIAN),
    ("NAR-DOCUMENTS", R("nar-docs.txt"), "warning", 1, S3),
    ("NAR-NONE", R("nar-none.txt"), "error", 1, S4),
    ("NAR-ALL-DONE", R("nar-all-done.txt"), "warning", 1, S3),
    ("NAR-OUTCOMES", R("nar-outcomes.txt"), "warning", 1, R("nar-outcomes-ok.txt")),
    ("NAR-SHARES", R("nar-shares.txt"), "warning", 1, R("nar-shares-ok.txt")),
    ("NAR-DECISIONS", R("nar-decisions.txt"), "warning", 1, R("nar-decisions-ok.txt")),
    ("NAR-UPHELD", R("nar-upheld.txt"), "warning", 1, R("nar-upheld-ok.txt")),
    ("NAR-INFO-FEE", R("nar-info-fee.txt"), "warning", 1, S4),
    ("STR-ENUMERATION", R("str-enumeration.txt"), "warning", 1, S3),
]

_cache: dict = {}


def _audit(path):
    if path not in _cache:
        _cache[path] = audit(path)
    return _cache[path]


@pytest.mark.parametrize("rule,fires,severity,count,silent", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_and_stays_silent(rule, fires, severity, count, silent):
    hit = by_rule(_audit(fires), rule)
    assert len(hit) == count, [f.message for f in hit]
    assert {f.severity for f in hit} == {severity}
    for f in hit:
        assert f.message and f.suggestion and f.title and f.location
    assert by_rule(_audit(silent), rule) == []


def test_every_rule_has_a_fixture_case():
    from app.rules.catalogue import ALL_RULES

    covered = {c[0] for c in CASES} | {"STR-ORDER"}  # STR-ORDER: see test_rules_engine
    assert {r.id for r in ALL_RULES} == covered


def test_single_wrong_cell_is_named_once_with_its_correction():
    result = _audit(R("t3-one-cell.txt"))
    errors = [f for f in result.findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["T3-CELL"]
    f = errors[0]
    assert f.cells[0] == CellRef("table3", "deny_7", 0)
    assert "行政执法案卷" in f.location and "自然人" in f.location
    assert f.current == "1" and f.expected.startswith("0")
    assert f.span and result.report.text[f.span[0]:f.span[1]] == "1"
    assert f.section == 3


def test_balance_message_quotes_the_numbers():
    f = by_rule(_audit(R("t3-col-balance.txt")), "T3-COL-BALANCE")[0]
    assert f.message == "第1列（自然人）：一+二 = 0+0 = 0，(七)总计+四 = 0+1 = 1，相差1"
    assert f.expected == "四、结转下年度 应为 0（= 一+二 − (七)总计）"
    assert CellRef("table3", "carry_forward", 0) in f.cells


def test_label_warning_names_both_labels():
    f = by_rule(_audit(S0), "TPL-LABEL")[0]
    assert "本年度止件数" in f.message and "本年废止件数" in f.message
    assert f.current == "本年度止件数" and f.expected == "本年废止件数"


def test_deadline_explains_the_body_kind():
    f = by_rule(_audit(R("meta-department-late.txt")), "META-DEADLINE")[0]
    assert "2024年1月31日" in f.message and "政府部门" in f.message
    # the same date is on time for a county government (seed 003: 绥中县, 2024-02-18)
    assert _audit(S3).report.published is not None
    assert by_rule(_audit(S3), "META-DEADLINE") == []


def test_township_deadline_is_configurable():
    from app.config import RuleConfig

    late = R("meta-township-late.txt")
    assert by_rule(_audit(late), "META-DEADLINE")
    lax = audit(late, RuleConfig(deadlines={"department": "01-31", "government": "03-31", "township": "04-30"}))
    assert by_rule(lax, "META-DEADLINE") == []


def test_narrative_year_from_another_year_is_a_warning():
    f = by_rule(_audit(R("meta-narrative-year.txt")), "META-YEAR")
    assert [x.severity for x in f] == ["warning"] and "2022" in f[0].message


def test_fee_in_yuan_suggests_wan():
    f = by_rule(_audit(R("t2-fee-yuan.txt")), "T2-FEE-UNIT")[0]
    assert "25.1" in f.suggestion and f.cells == [CellRef("section2", "fees", 0)]


def test_yuan_in_2019_procurement_amount_is_not_a_unit_error():
    from tests.rules_support import FIXTURES

    result = _audit(FIXTURES / "text" / "v2019-report-2020.txt")
    cell = result.report.section2.rows["procurement"].values[1]
    assert cell.unit == "元"  # the 2019 采购总金额 has no printed unit: 元 is allowed
    assert by_rule(result, "T2-FEE-UNIT") == []


def test_garbled_period_is_a_reading_doubt_not_an_error():
    result = _audit(S3)
    assert by_rule(result, "META-PERIOD") == []
    assert any(w.code == "not-assessed:META-PERIOD" and "202311日至20231231日" in w.message for w in result.warnings)
