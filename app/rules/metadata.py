"""Metadata rules: report year, statistic period, publication date and deadline."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

from app.config import BODY_KIND_LABELS
from app.model import Finding, Report
from app.rules.base import Context, Rule

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_DEPARTMENT_END = re.compile(r"(?:局|委员会|委|办公室|办|厅|中心|署|院|所|队|站|处|馆|会|室)$")
_TOWNSHIP_END = re.compile(r"(?:街道办事处|办事处|街道|镇|乡)$")
_GOVERNMENT_END = re.compile(r"(?:省|市|县|区|旗|州|盟)$")


def body_kind(org: str | None) -> tuple[str | None, str]:
    """Kind of issuing body ("department" | "government" | "township") and why, from its name.

    条例 art. 49 sets 31 January for departments of county-level-or-higher governments
    and 31 March for a government's own report; townships are left to local rules.
    """
    if not org:
        return None, "未识别出发布机关"
    name = re.sub(r"\s", "", org)
    if _TOWNSHIP_END.search(name):
        return "township", f"“{org}”为乡镇/街道"
    if _DEPARTMENT_END.search(name):
        return "department", f"“{org}”为政府部门（以局/委/办等结尾）"
    core = name.removesuffix("人民政府")
    if _TOWNSHIP_END.search(core):
        return "township", f"“{org}”为乡镇人民政府"
    if name.endswith("人民政府") or _GOVERNMENT_END.search(core):
        return "government", f"“{org}”为县级以上人民政府，本报告为本级政府的年度报告"
    return None, f"未能从“{org}”判断机关类别"


def title_year(report: Report) -> int | None:
    if not report.title:
        return None
    m = _YEAR_IN_TITLE.search(report.title)
    return int(m.group(1)) if m else None


class YearConsistent(Rule):
    id = "META-YEAR"
    family = "metadata"
    severity = "error"
    title = "报告年度前后一致"
    doc = ("标题中的年度、统计期限的年度和第一部分叙述所用的年度应是同一年。标题与统计期限不一致为错误；"
           "第一部分通篇只写了另一年份（如2023年度报告写“本单位2022年……”）为警告，多为套用上年报告。")
    source = "FORMAT.md §8.3 M-02；§10 第12条"
    example = "标题为2023年度，统计期限却为2022年1月1日至2022年12月31日"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        ty = title_year(report)
        p = report.period
        py = None
        if p is not None and p.start and p.end and p.start.year == p.end.year:
            py = p.start.year
        if ty and py and ty != py:
            yield self.finding(f"标题为{ty}年度，统计期限却为{py}年（“{p.raw.strip()}”）。",
                               "核对标题年度与统计期限，改为同一年度。", span=p.span, location="统计期限",
                               current=str(py), expected=str(ty), section=report.section_at(p.span[0]))
        year = report.year or ty or py
        s = report.section(1)
        if year is None or s is None:
            return
        body = report.text[s.start:s.end]
        years = Counter(int(m.group(1)) for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})\s*年(?![\d]{1,2}月)", body))
        if years and year not in years:
            other, _ = years.most_common(1)[0]
            m = re.search(rf"{other}\s*年", body)
            span = (s.start + m.start(), s.start + m.end()) if m else s.heading_span
            yield self.finding(f"第一部分叙述的是{other}年的情况，而报告年度为{year}年，未出现“{year}年”。",
                               "核对第一部分是否沿用了往年报告的内容，改为本年度情况。", severity="warning",
                               span=span, location="第一部分", current=f"{other}年", expected=f"{year}年", section=1)


class StatisticPeriod(Rule):
    id = "META-PERIOD"
    family = "metadata"
    severity = "error"
    title = "统计期限为报告年度1月1日至12月31日"
    doc = ("报告数据的统计期限应恰为报告年度的1月1日至12月31日。写成其他起止日期为错误；未写统计期限只作提示；"
           "统计期限文字残缺无法识别（如网页转载丢失“年”“月”：“202311日至20231231日”）时作为读取存疑，"
           "不判为错误。")
    source = "FORMAT.md §3、§8.3 M-03；四川 DB51/T 2660—2019 §2.1"
    example = "统计期限为2023年1月1日至2023年11月30日，应为2023年1月1日至2023年12月31日"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        p = report.period
        if p is None:
            yield self.finding("报告未写明数据统计期限。",
                               "在开头写明“本报告所列数据统计期限为Y年1月1日至Y年12月31日”。",
                               severity="info", location="统计期限", current="未写明")
            return
        if p.start is None or p.end is None:
            ctx.not_assessed(self, f"统计期限“{p.raw.strip()}”文字残缺，无法识别起止日期。", p.span, "统计期限")
            return
        ty = title_year(report)
        if ty and p.start.year == p.end.year != ty and (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31):
            return  # a whole other year: META-YEAR reports the conflict once
        year = report.year or p.start.year
        want = (date(year, 1, 1), date(year, 12, 31))
        if (p.start, p.end) != want:
            yield self.finding(
                f"统计期限为{p.start.year}年{p.start.month}月{p.start.day}日至{p.end.year}年{p.end.month}月{p.end.day}日，"
                f"应为{year}年1月1日至{year}年12月31日。",
                f"改为“{year}年1月1日至{year}年12月31日”。", span=p.span, location="统计期限",
                current=p.raw.strip(), expected=f"{year}年1月1日至{year}年12月31日",
                section=report.section_at(p.span[0]))


class PublishedMissing(Rule):
    id = "META-DATE-MISSING"
    family = "metadata"
    severity = "info"
    title = "报告注明发布日期"
    doc = "报告末尾（落款）或网页上应注明发布日期，否则无法核对是否在法定期限内公布。"
    source = "FORMAT.md §8.3 M-04/M-05；条例第四十九条"
    example = "报告未注明发布日期，无法核对是否按期公布"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.published is None:
            yield self.finding("报告未注明发布日期，无法核对是否按期公布。", "在落款处注明发布（成文）日期。",
                               location="发布日期", current="未注明")


class PublishedAfterYear(Rule):
    id = "META-DATE-EARLY"
    family = "metadata"
    severity = "error"
    title = "发布日期应在报告年度结束之后"
    doc = "年度报告报告的是“上一年度”的工作（条例第四十九条），发布日期不可能早于报告年度的12月31日；早于则年度或日期必有一处写错。"
    source = "FORMAT.md §8.3 M-04；条例第四十九条"
    example = "2023年度报告的发布日期为2023年12月20日，早于年度结束"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.published is None or report.year is None:
            return
        if report.published <= date(report.year, 12, 31):
            d = report.published
            yield self.finding(f"{report.year}年度报告的发布日期为{d.year}年{d.month}月{d.day}日，不晚于报告年度结束。",
                               "核对报告年度和落款日期。", span=report.published_span, location="发布日期",
                               current=d.isoformat(), expected=f"{report.year + 1}年内",
                               section=report.section_at(report.published_span[0]) if report.published_span else None)


class PublishedDeadline(Rule):
    id = "META-DEADLINE"
    family = "metadata"
    severity = "warning"
    title = "按法定期限公布"
    doc = ("条例第四十九条：县级以上人民政府部门应在每年1月31日前公布上一年度报告；县级以上地方人民政府"
           "的本级政府报告在3月31日前公布。乡镇、街道的期限由地方规定（默认按3月31日，可在设置中修改）。"
           "机关类别按发布机关名称判断（以局/委/办结尾为部门，以镇/乡/街道结尾为乡镇街道，"
           "县/市/区人民政府为本级政府），消息中写明判断依据。")
    source = "FORMAT.md §1.1、§8.3 M-05；条例第四十九条"
    example = "发布日期2024年2月18日晚于政府部门的公布期限2024年1月31日（“某县教育局”为政府部门）"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.published is None or report.year is None:
            return
        kind, why = body_kind(report.org)
        if kind is None:
            kind, why = "government", why + "，按最宽的3月31日期限核对"
        month, day = ctx.config.deadline(kind)
        try:
            deadline = date(report.year + 1, month, day)
        except ValueError:
            deadline = date(report.year + 1, month, 28)
        d = report.published
        if d > deadline:
            yield self.finding(
                f"发布日期{d.year}年{d.month}月{d.day}日晚于{BODY_KIND_LABELS[kind]}的公布期限"
                f"{deadline.year}年{deadline.month}月{deadline.day}日（{why}）。",
                "按期公布年度报告；如机关类别判断有误，请在设置中调整期限。", span=report.published_span,
                location="发布日期", current=d.isoformat(), expected=f"不晚于{deadline.isoformat()}",
                section=report.section_at(report.published_span[0]) if report.published_span else None)


RULES = (YearConsistent, StatisticPeriod, PublishedMissing, PublishedAfterYear, PublishedDeadline)
