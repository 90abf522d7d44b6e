"""Narrative rules against the tables: every statement type, the same sentence right and wrong.

Tables are those of the 淮安市 2024 report (a correct report), typed from its truth file;
the sentence under test is the body of section 一. A matching figure must stay silent, a
wrong one must be reported at that sentence and the cells it names; loose wording that
disagrees is a doubt (读取存疑), never a finding.
"""
from __future__ import annotations

import re

import pytest

from app.config import RuleConfig
from app.model import CellRef, Value
from app.rules import check
from app.rules.catalogue import ALL_RULES
from tests.rules_support import SAMPLES, audit, report_from_truth

T3 = "table3"
T4 = "table4"
S2 = "section2"


def _run(text: str, section: int = 1, stem: str = "huaian-city-2024", edit=None):
    report = report_from_truth(stem, {section: text})
    if edit:
        edit(report)
    return report, check(report, RuleConfig())


def _found(outcome, rule: str):
    return [f for f in outcome.findings if f.rule == rule]


def _doubts(outcome, rule: str):
    return [w for w in outcome.warnings if w.code == f"not-assessed:{rule}"]


def _narrative(outcome):
    return [f for f in outcome.findings if f.rule.startswith("NAR")]


# rule, sentence with {n}, the table figure, a wrong figure, the cells a mismatch names
CASES = [
    ("NAR-APPLICATIONS", "全年共收到政府信息公开申请{n}件。", 3119, 3100, {(T3, "new", 6)}),
    ("NAR-APPLICATIONS", "全年新收政府信息公开申请{n}件。", 3119, 3100, {(T3, "new", 6)}),
    ("NAR-APPLICATIONS", "含上年结转政府信息公开申请{n}件。", 34, 43, {(T3, "carried_over", 6)}),
    ("NAR-APPLICATIONS", "全年办结政府信息公开申请{n}件。", 3050, 3005, {(T3, "total", 6)}),
    ("NAR-APPLICATIONS", "政府信息公开申请结转下年度继续办理{n}件。", 103, 130, {(T3, "carry_forward", 6)}),
    ("NAR-APPLICATIONS", "另有{n}件申请顺延到下年度答复。", 103, 13, {(T3, "carry_forward", 6)}),
    ("NAR-APPLICATIONS", "全年新收申请3119件，上年结转34件，共{n}件。", 3153, 3150,
     {(T3, "new", 6), (T3, "carried_over", 6)}),
    ("NAR-APPLICATIONS", "收到政府信息公开申请3119件，其中自然人{n}件、法人或其他组织118件。", 3001, 3011,
     {(T3, "new", 0)}),
    ("NAR-APPLICATIONS", "收到政府信息公开申请3119件，其中法人或其他组织{n}件。", 118, 181,
     {(T3, "new", c) for c in range(1, 6)}),
    ("NAR-APPLICATIONS", "全年答复政府信息公开申请{n}件。", 3050, 3005, {(T3, "total", 6)}),
    ("NAR-OUTCOMES", "答复申请3050件，其中予以公开{n}件。", 1362, 1326, {(T3, "open", 6)}),
    ("NAR-OUTCOMES", "答复申请3050件，其中部分公开{n}件。", 454, 445, {(T3, "partial", 6)}),
    ("NAR-OUTCOMES", "答复申请3050件，其中予以公开及部分公开{n}件。", 1816, 1861, {(T3, "open", 6), (T3, "partial", 6)}),
    ("NAR-OUTCOMES", "不予公开的申请{n}件。", 178, 187, {(T3, f"deny_{i}", 6) for i in range(1, 9)}),
    ("NAR-OUTCOMES", "无法提供的申请{n}件。", 781, 718, {(T3, f"unable_{i}", 6) for i in range(1, 4)}),
    ("NAR-OUTCOMES", "不予处理的申请{n}件。", 88, 80, {(T3, f"ignore_{i}", 6) for i in range(1, 6)}),
    ("NAR-OUTCOMES", "其他处理的申请{n}件。", 187, 178, {(T3, f"other_{i}", 6) for i in range(1, 4)}),
    ("NAR-OUTCOMES", "不予公开的申请中，属于国家秘密的{n}件。", 2, 3, {(T3, "deny_1", 6)}),
    ("NAR-REVIEW-LITIGATION", "因政府信息公开被申请行政复议{n}件。", 351, 315, {(T4, 0, 4)}),
    ("NAR-REVIEW-LITIGATION", "因政府信息公开被提起行政诉讼{n}件。", 46, 64, {(T4, 0, 9), (T4, 0, 14)}),
    ("NAR-REVIEW-LITIGATION", "未经复议直接起诉的行政诉讼{n}件。", 26, 25, {(T4, 0, 9)}),
    ("NAR-REVIEW-LITIGATION", "经复议后起诉的行政诉讼{n}件。", 20, 21, {(T4, 0, 14)}),
    ("NAR-REVIEW-LITIGATION", "行政复议351件，其中结果维持{n}件，结果纠正64件。", 72, 27, {(T4, 0, 0)}),
    ("NAR-REVIEW-LITIGATION", "行政诉讼46件，其中尚未审结{n}件。", 7, 5, {(T4, 0, 8), (T4, 0, 13)}),
    ("NAR-DOCUMENTS", "本年制发规章{n}件。", 1, 2, {(S2, "regulations", 0)}),
    ("NAR-DOCUMENTS", "本年制发行政规范性文件8件，废止{n}件。", 26, 62, {(S2, "normative_docs", 1)}),
    ("NAR-DOCUMENTS", "现行有效的行政规范性文件{n}件。", 66, 60, {(S2, "normative_docs", 2)}),
    ("NAR-DECISIONS", "全年作出行政许可决定{n}件。", 447228, 447000, {(S2, "licensing", 0)}),
    ("NAR-DECISIONS", "全年作出行政处罚决定{n}件。", 3985758, 3985000, {(S2, "punishment", 0)}),
    ("NAR-DECISIONS", "全年实施行政强制{n}件。", 88283, 88238, {(S2, "enforcement", 0)}),
    ("NAR-DECISIONS", "全年收取行政事业性收费{n}万元。", "96171.6", "96171", {(S2, "fees", 0)}),
    ("NAR-DECISIONS", "全年收取行政事业性收费{n}元。", 961716000, 961716, {(S2, "fees", 0)}),
    ("NAR-SHARES", "答复申请3050件，其中予以公开1362件，占{n}%。", "44.7", "47.4",
     {(T3, "open", 6), (T3, "total", 6)}),
    ("NAR-SHARES", "行政复议351件，结果纠正64件，纠错率{n}%。", "18.2", "20", {(T4, 0, 1), (T4, 0, 4)}),
]


@pytest.mark.parametrize("rule,text,right,wrong,cells", CASES, ids=[f"{c[0]}:{c[1][:10]}" for c in CASES])
def test_right_figure_is_silent_and_wrong_one_is_reported(rule, text, right, wrong, cells):
    _, ok = _run(text.format(n=right))
    assert _narrative(ok) == [], [f.message for f in _narrative(ok)]
    assert not [w for w in ok.warnings if w.code.startswith("not-assessed:NAR")]
    report, bad = _run(text.format(n=wrong))
    found = _found(bad, rule)
    assert len(found) == 1, [f.message for f in _narrative(bad)]
    f = found[0]
    assert f.severity == "warning" and f.section == 1
    assert str(wrong) in f.message and str(wrong) in report.text[f.span[0]:f.span[1]]
    assert cells <= {(c.table, c.row, c.col) for c in f.cells}
    assert [x.rule for x in _narrative(bad)] == [rule]  # one finding, by the rule of the field named


@pytest.mark.parametrize("rule,text,right,wrong", [
    ("NAR-NONE", "本年度{}发生因政府信息公开引起的行政复议。", "共", "未"),
    ("NAR-NONE", "本年度{}收到政府信息公开申请。", "共", "未"),
    ("NAR-ALL-DONE", "受理申请3119件，{}。", "除103件顺延到下年度外，其余均已办结", "均已办结"),
    ("NAR-ALL-DONE", "本年度政府信息公开申请{}结转下年度。", "有103件", "无"),
    ("NAR-UPHELD", "政府信息公开行政复议{}。", "结果纠正64件", "均获维持"),
    ("NAR-UPHELD", "政府信息公开行政诉讼{}。", "结果纠正5件", "无败诉"),
    ("NAR-INFO-FEE", "全年{}。", "未收取信息处理费", "收取信息处理费100元"),
])
def test_claims_right_and_wrong(rule, text, right, wrong):
    _, ok = _run(text.format(right))
    assert _found(ok, rule) == []
    report, bad = _run(text.format(wrong))
    found = _found(bad, rule)
    assert len(found) == 1, [f.message for f in _narrative(bad)]
    assert wrong[-4:] in report.text[found[0].span[0]:found[0].span[1]]


def test_claims_hold_when_tables_agree():
    # seed 000: every table figure is 0
    for text in ("本年度未收到政府信息公开申请。", "未发生行政复议、行政诉讼。", "申请均已办结，无结转。",
                 "行政复议、行政诉讼均获维持。", "未发出信息处理费收费通知。"):
        _, out = _run(text, stem="000_3e90722e65647b3d")
        assert _narrative(out) == [], (text, [f.message for f in _narrative(out)])


def test_figure_equal_to_new_plus_carried_over_is_explained():
    def tables(report):  # 新收 74, 上年结转 1, total 75
        t = report.table3
        t.rows["new"].values[6].value, t.rows["carried_over"].values[6].value = 74, 1
    _, out = _run("全年受理政府信息公开申请75件。", edit=tables)
    f = _found(out, "NAR-APPLICATIONS")
    assert len(f) == 1 and "75 = 本年新收 74 + 上年结转 1" in f[0].message
    assert f[0].severity == "info"  # 受理 may mean 一+二 in some reports: worth a look, not a warning
    assert {(c.row, c.col) for c in f[0].cells} == {("new", 6), ("carried_over", 6)}
    _, out = _run("全年受理政府信息公开申请75件（含上年结转1件）。", edit=tables)
    assert _found(out, "NAR-APPLICATIONS") == []


def test_valid_documents_are_never_compared_with_made():
    # 8 is 本年制发 of 行政规范性文件; a figure for 现行有效 must be compared with 66, and the likely slip named
    _, out = _run("现行有效的行政规范性文件8件。")
    f = _found(out, "NAR-DOCUMENTS")
    assert len(f) == 1 and "66" in f[0].message and "8 = 本年制发行政规范性文件 8" in f[0].message
    assert f[0].cells[0] == CellRef("section2", "normative_docs", 2)


def test_policy_documents_and_other_things_are_never_table_figures():
    text = ("全年新增公开市政府规章1件、市政府及市政府办政策性文件11件，发布政策解读21个，召开新闻发布会12场，"
            "在运维政务新媒体95个，合格率均为100%。答复人大代表建议12件，办结政协提案8件。"
            "全年处理12345热线工单3000件，组织培训4次，发布信息5500余条。")
    _, out = _run(text)
    assert _narrative(out) == []
    assert not [w for w in out.warnings if w.code.startswith("not-assessed:NAR")]


@pytest.mark.parametrize("text,rule", [
    ("新增行政规范性文件5件。", "NAR-DOCUMENTS"),  # 新增 is not quite 制发
    ("公示行政处罚决定30件。", "NAR-DECISIONS"),  # published decisions, not all decisions
    ("全年受理5000件。", "NAR-APPLICATIONS"),  # no 申请 in the sentence
    ("全市办理行政复议案件300件。", "NAR-REVIEW-LITIGATION"),  # not about disclosure
    ("全市规章5件。", "NAR-DOCUMENTS"),  # which column?
])
def test_unsure_sentence_is_a_doubt_not_a_finding(text, rule):
    _, out = _run(text)
    assert _narrative(out) == []
    doubts = _doubts(out, rule)
    assert len(doubts) == 1 and "未作判断" in doubts[0].message and doubts[0].span


def test_complete_enumeration_must_add_up_to_its_total():
    text = ("答复政府信息公开申请3050件，其中予以公开1362件，部分公开454件，不予公开178件，无法提供781件，"
            "不予处理88件，其他处理{}件。")
    _, ok = _run(text.format(187))
    assert _narrative(ok) == []
    report, bad = _run(text.format(188))
    f = _found(bad, "NAR-OUTCOMES")
    assert len(f) == 1 and "其他处理188件" in f[0].message and "多于所称的 3050" in f[0].message
    assert CellRef("table3", "total", 6) in f[0].cells and CellRef("table3", "other_1", 6) in f[0].cells
    assert report.text[f[0].span[0]:f[0].span[1]].startswith("答复")


def test_enumeration_of_review_results_is_one_finding():
    _, out = _run("政府信息公开行政复议351件，其中结果维持70件，结果纠正60件，其他结果178件，尚未审结37件。")
    f = _found(out, "NAR-REVIEW-LITIGATION")
    assert len(f) == 1
    assert "结果维持70件" in f[0].message and "结果纠正60件" in f[0].message and "不等于所称的 351" in f[0].message


def test_litigation_figure_of_one_block_is_explained():
    _, out = _run("因政府信息公开被提起行政诉讼26件。")
    f = _found(out, "NAR-REVIEW-LITIGATION")
    assert [x.severity for x in f] == ["info"] and "26 = 行政诉讼（直接起诉）总计 26" in f[0].message


def test_share_rounding_of_the_report_is_accepted():
    for pct in ("44.7", "44.66", "44.6", "45", "44"):  # 1362 / 3050 = 44.656…%: rounded or cut off
        _, out = _run(f"答复申请3050件，其中予以公开1362件，占{pct}%。")
        assert _found(out, "NAR-SHARES") == [], pct


def test_blank_cell_makes_a_statement_not_assessed():
    def blank(report):
        report.table3.rows["new"].values[6] = Value(None, raw="/")
    _, out = _run("全年共收到政府信息公开申请3000件。", edit=blank)
    assert _found(out, "NAR-APPLICATIONS") == []
    d = _doubts(out, "NAR-APPLICATIONS")
    assert len(d) == 1 and "3000" in d[0].message and "空白" in d[0].message


def test_old_format_table_two_is_not_compared():
    _, out = _run("本年制发行政规范性文件5件。", stem="hongze-district-2024",
                  edit=lambda r: setattr(r.section2, "layout", "2019"))
    assert _found(out, "NAR-DOCUMENTS") == []
    assert "2019版" in _doubts(out, "NAR-DOCUMENTS")[0].message


def test_fee_statement_in_section_six_is_the_reference():
    _, out = _run("全年收取信息处理费100元。", section=1)
    f = _found(out, "NAR-INFO-FEE")
    assert len(f) == 1 and f[0].section == 1 and "0元" in f[0].message


def test_info_fee_is_never_compared_with_the_table_two_fee():
    # 淮安: 信息处理费 3940 元 in 六, 行政事业性收费 96171.6 万元 in 表二
    result = audit(SAMPLES / "huaian-city-2024.pdf")
    assert not [f for f in result.findings if f.rule in ("NAR-DECISIONS", "NAR-INFO-FEE")]


# ------------------------------------------------------------------ the real reports

# Every narrative mismatch the samples contain (checked by hand): only 洪泽 (受理 17, 表三 95).
SAMPLE_NARRATIVE = {
    "hongze-district-2024.pdf": [("NAR-APPLICATIONS", "受理政府信息公开申请17件", {(T3, "new", 6)})],
}


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir() if p.suffix != ".json"))
def test_samples_narrative_findings_are_exactly_their_mismatches(name):
    result = audit(SAMPLES / name)
    got = [(f.rule, re.sub(r"\s+", "", result.report.text[f.span[0]:f.span[1]]), {(c.table, c.row, c.col) for c in f.cells})
           for f in result.findings if f.rule.startswith("NAR")]
    assert got == SAMPLE_NARRATIVE.get(name, [])
    assert not [w.message for w in result.warnings if w.code.startswith("not-assessed:NAR")]


# ------------------------------------------------------------------ the documented examples

EXAMPLE_SECTION = {"STR-ENUMERATION": 5}


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.good or r.bad], ids=lambda r: r.id)
def test_documented_good_example_passes_and_bad_example_is_reported(rule):
    assert rule.good and rule.bad, rule.id
    section = EXAMPLE_SECTION.get(rule.id, 1)
    _, good = _run(rule.good, section=section)
    assert _found(good, rule.id) == [], [f.message for f in _found(good, rule.id)]
    _, bad = _run(rule.bad, section=section)
    assert _found(bad, rule.id), rule.id


def test_every_narrative_rule_documents_good_and_bad_examples():
    for r in ALL_RULES:
        if r.family == "narrative":
            assert r.good and r.bad and r.tables, r.id
    assert next(r for r in ALL_RULES if r.id == "STR-ENUMERATION").bad


def test_narrative_all_zero_against_a_filled_table_two():
    # the shape of a published township report: the text says 0 where table 二 has 4 made and 32 in force
    def tables(report):
        row = report.section2.rows["normative_docs"]
        row.values[0].value, row.values[1].value, row.values[2].value = 4, 0, 32
    report, out = _run("本年度共制定规范性文件0件，废止规范性文件0件，现行有效的规范性文件0件。",
                       stem="000_3e90722e65647b3d", edit=tables)
    found = _found(out, "NAR-DOCUMENTS")
    assert [(f.cells[0].col, report.text[f.span[0]:f.span[1]]) for f in found] == [
        (0, "制定规范性文件0件"), (2, "现行有效的规范性文件0件")]
    assert all("可能写错了栏目" not in f.message for f in found)  # 0 explains nothing
