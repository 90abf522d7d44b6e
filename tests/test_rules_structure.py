"""Structure rules added with the narrative checks: section 五 numbering, 2021-only
expectations on earlier reports, and blank cells reported once per table."""
from __future__ import annotations

import pytest

from app.config import RuleConfig
from app.model import Value
from app.rules import check
from app.rules.enumeration import cn_numeral, cn_value, enumeration_problems
from app.template import T3_COLUMNS
from tests.rules_support import FIXTURES, audit, by_rule, report_from_truth, rule_fixture


@pytest.mark.parametrize("text,found", [
    ("一是甲；二是乙；三是丙。", []),
    ("（一）问题 一是甲；二是乙。（二）措施 一是丙；二是丁；三是戊。", []),  # lists restart at 一
    ("一是甲；二是乙；四是丙。", [("四是", "三是")]),
    ("一是甲；二是乙；二是丙；三是丁。", [("二是", "三是")]),
    ("二是甲；三是乙。", [("二是", "一是")]),
    ("（一）甲。（三）乙。", [("（三）", "（二）")]),
    ("（一）甲。（二）乙。（二）丙。", [("（二）", "（三）")]),
    ("一是甲。二是乙。三是丙。四是丁。五是戊。六是己。七是庚。八是辛。九是壬。十是癸。十一是子。十三是丑。",
     [("十三是", "十二是")]),
    ("唯一是不够的，再三是不好的，统一是必要的。", []),  # 是 after a word, not a numbered item
    ("依据《条例》第二十条第（一）项、第（三）项。", []),  # cited items, not a list
])
def test_enumeration_problems(text, found):
    assert [(p.found, p.expected) for p in enumeration_problems(text)] == found


def test_chinese_numerals_round_trip():
    for n in range(1, 100):
        assert cn_value(cn_numeral(n)) == n


def _section5(text: str):
    report = report_from_truth("huaian-city-2024", {5: "存在的问题和改进措施如下：" + text})
    return report, [f for f in check(report, RuleConfig()).findings if f.rule == "STR-ENUMERATION"]


def test_numbering_finding_points_at_the_item():
    report, found = _section5("一是政策解读不足；二是队伍力量薄弱；四是平台建设滞后。下一步，一是加强培训；二是完善机制。")
    assert len(found) == 1
    f = found[0]
    assert report.text[f.span[0]:f.span[1]] == "四是" and f.section == 5
    assert "缺少“三是”" in f.message and f.current == "四是" and f.expected == "三是"


def test_numbering_in_a_real_report_section_five():
    found = by_rule(audit(rule_fixture("str-enumeration.txt")), "STR-ENUMERATION")
    assert len(found) == 1 and "“三是”前缺少“二是”" in found[0].message


# ------------------------------------------------------------------ 2021-only expectations


def test_2021_expectations_are_not_assessed_for_a_2020_report():
    result = audit(FIXTURES / "text" / "v2019-report-2020.txt")
    assert result.report.year == 2020
    for rule in ("STR-OVERVIEW-ASPECTS", "STR-INFO-FEE"):
        assert by_rule(result, rule) == []
        doubts = [w.message for w in result.warnings if w.code == f"not-assessed:{rule}"]
        assert len(doubts) == 1 and "2020年" in doubts[0] and "未评估" in doubts[0]


def test_2021_expectations_apply_from_2021():
    report = report_from_truth("huaian-city-2024", {1: "本年度工作有序开展。", 6: "无。"})
    outcome = check(report, RuleConfig())
    assert {f.rule for f in outcome.findings} >= {"STR-OVERVIEW-ASPECTS", "STR-INFO-FEE"}
    report.year = 2020
    outcome = check(report, RuleConfig())
    assert not {f.rule for f in outcome.findings} & {"STR-OVERVIEW-ASPECTS", "STR-INFO-FEE"}
    report.year, report.template = None, "2019"
    codes = {w.code for w in check(report, RuleConfig()).warnings}
    assert {"not-assessed:STR-OVERVIEW-ASPECTS", "not-assessed:STR-INFO-FEE"} <= codes


# ------------------------------------------------------------------ blanks, once per table


def test_blank_columns_are_one_finding_listing_every_cell():
    report = report_from_truth("huaian-city-2024")
    for row in report.table3.rows.values():
        for c in (1, 2):  # 商业企业, 科研机构 left as "/"
            row.values[c] = Value(None, raw="/")
    report.table3.rows["open"].values[5] = Value(None, raw="")
    report.table4.values[10] = Value(None, raw="-")
    outcome = check(report, RuleConfig())
    t3 = [f for f in outcome.findings if f.rule == "T3-BLANK"]
    assert len(t3) == 1
    assert len(t3[0].cells) == 2 * len(report.table3.rows) + 1
    assert "商业企业、科研机构列全部空白" in t3[0].message and "“（一）予以公开”行的其他" in t3[0].message
    t4 = [f for f in outcome.findings if f.rule == "T4-BLANK"]
    assert len(t4) == 1 and len(t4[0].cells) == 1 and "复议后起诉" in t4[0].message
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    assert len(warnings) <= 4, [f.message for f in warnings]  # blanks do not bury the rest


def test_blank_template_gives_one_blank_finding_per_table():
    result = audit(FIXTURES / "template-2021-blank.docx")
    t3, t4 = by_rule(result, "T3-BLANK"), by_rule(result, "T4-BLANK")
    assert len(t3) == 1 and len(t3[0].cells) == 25 * len(T3_COLUMNS) and "整张表全部空白" in t3[0].message
    assert len(t4) == 1 and len(t4[0].cells) == 15
    assert not [w for w in result.warnings if w.code.startswith("not-assessed:NAR")]
