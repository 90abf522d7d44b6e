"""The cross-report rules as data: id, severity, title, doc, source, example.

They need more than one report, so the per-report engine (``app.rules.check``) never
runs them; ``app.across`` does, and builds its findings through these classes so that
a cross-report finding carries the same stable id, title and severity as the rule
description in docs/rules.md and in the checklist's 规则说明 sheet.
"""
from __future__ import annotations

from collections.abc import Iterable

from app.model import Finding, Report
from app.rules.base import Context, Rule

FAMILY = "across"
FAMILY_TITLE = "跨报告检查（年度衔接、文字雷同、汇总）"


class CrossRule(Rule):
    """A rule judged by ``app.across`` over several reports; ``run`` is never called."""

    family = FAMILY

    def run(self, report: Report, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - by design
        return ()


class CarryOver(CrossRule):
    id = "XY-CARRY"
    severity = "error"
    title = "上年结转与上年度报告衔接"
    doc = ("本年度报告表三“二、上年结转政府信息公开申请数量”应等于同一单位上年度报告表三“四、结转下年度继续办理”，"
           "逐列比较（自然人、各类法人或其他组织、总计）。两处都读出且不相等时报告一次，并指明上年度报告及其单元格。"
           "上年度报告可以来自本批文件，也可以来自审核工作区中以往审核过的报告。")
    source = "国办公开办函〔2021〕30号 附件表三“二、上年结转政府信息公开申请数量”“四、结转下年度继续办理”"
    example = "表三“二、上年结转”自然人 5，但上年度报告（某镇 2022 年）“四、结转下年度继续办理”自然人为 3"


class StockContinuity(CrossRule):
    id = "XY-VALID"
    severity = "warning"
    title = "现行有效件数与上年度衔接"
    doc = ("2021 版格式下，规章和行政规范性文件的“现行有效件数”应等于上年度的现行有效件数加本年制发件数减本年废止件数。"
           "因清理、到期失效或统计口径变化而不衔接时，报告应加以说明，因此只作警告。"
           "2019 版格式的“对外公开总数量”与 2021 版的“现行有效件数”含义不同，跨越格式变化的两年不作比较，"
           "在“读取存疑”中说明未评估的原因。")
    source = "国办公开办函〔2021〕30号 附件表二“本年制发件数”“本年废止件数”“现行有效件数”"
    example = "表二“行政规范性文件”现行有效件数 27，按上年度 20 + 本年制发 1 − 本年废止 12 应为 9"


class BigJump(CrossRule):
    id = "XY-JUMP"
    severity = "info"
    title = "与上年度相比变化异常"
    doc = ("与同一单位上年度报告相比，本年新收申请数增减到十倍以上（两年都不少于 20 件），"
           "或上年没有而本年出现较多的行政复议、行政诉讼，值得核实一下数字。阈值可在设置文件的 [across] 中调整。")
    source = "条例第五十条（二）（三）；国办公开办函〔2021〕30号 附件表三、表四"
    example = "本年新收政府信息公开申请 460 件，上年度为 23 件（约 20 倍），请核实"


class SameAsLastYear(CrossRule):
    id = "SIM-PREV-YEAR"
    severity = "warning"
    title = "与本单位上年度报告雷同"
    doc = ("第一、五、六部分的文字大段照搬本单位上年度报告（除去法规名称、统计期限等所有报告都有的表述，"
           "以及多数报告共有的句子），相同比例超过设定值。年度报告应如实反映本年度工作，"
           "国办公开办函〔2021〕30号要求对“内容雷同”的报告追究责任。")
    source = "国办公开办函〔2021〕30号（四）明确责任“内容雷同”；条例第四十七条"
    example = "第五部分有 86% 的文字（约 420 字）与本单位 2022 年报告相同"


class SameAsPeer(CrossRule):
    id = "SIM-PEER"
    severity = "warning"
    title = "与其他单位同年度报告雷同"
    doc = ("第一、五、六部分的文字与工作区中另一单位同一年度的报告大段相同（同样先除去所有报告共有的表述）。"
           "两份报告都会得到这条警告，各自指明对方；谁抄了谁需要审核人员判断。")
    source = "国办公开办函〔2021〕30号（四）明确责任“内容雷同”；条例第四十七条"
    example = "第一部分有 92% 的文字（约 780 字）与“某乡人民政府”2023 年报告相同"


class OtherUnitName(CrossRule):
    id = "SIM-OTHER-NAME"
    severity = "error"
    title = "报告中残留其他单位名称"
    doc = ("报告中出现另一单位的名称，且所在段落与该单位的报告相同：多半是照搬他人报告后没有改名，"
           "发布出去就是明显的差错。")
    source = "国办公开办函〔2021〕30号（四）明确责任“内容雷同”"
    example = "第五部分出现“乔官镇”，该段文字与“昌乐县乔官镇人民政府”2023 年报告相同"


class AggregateSum(CrossRule):
    id = "AGG-T3-SUM"
    severity = "info"
    title = "县级汇总报告与各单位合计"
    doc = ("审核人员把一份报告标为全县（区）汇总报告时，把它的表三与同年度其他单位报告的合计比较。"
           "县级报告可以只统计本级，或另含未单独报告的单位，不必恰好等于各单位之和，因此只作提示。")
    source = "条例第四十九条、第五十条"
    example = "汇总报告表三“一、本年新收”总计 120，各单位合计 98（12 份报告）"


CROSS_RULES: tuple[type[CrossRule], ...] = (
    CarryOver, StockContinuity, BigJump, SameAsLastYear, SameAsPeer, OtherUnitName, AggregateSum,
)
CROSS_RULE_IDS: frozenset[str] = frozenset(r.id for r in CROSS_RULES)


def cross_rule(rule_id: str) -> type[CrossRule]:
    return next(r for r in CROSS_RULES if r.id == rule_id)
