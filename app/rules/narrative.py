"""Narrative-vs-table rules: figures and "none" statements in the text against tables 二/三/四.

Wording varies between reports (“受理”means 一 in some and 一+二 in others), so each
statement is compared with every reasonable reading and is silent when one matches.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.model import CellRef, Finding, Report
from app.rules.base import Context, Rule, fmt_num
from app.rules.text import Flat, flat_narrative, is_traditional
from app.template import T3_TOTAL_COL

_GAP = r"[^。；;！!？?\d]"  # stays inside one clause, skips no number
_UNIT = r"\s*(?:件|条|个|宗|起|例)"


def _flat(report: Report, ctx: Context) -> Flat:
    if "flat" not in ctx.cache:
        if "traditional" not in ctx.cache:
            ctx.cache["traditional"] = is_traditional(report)
        ctx.cache["flat"] = flat_narrative(report, ctx.cache["traditional"])
    return ctx.cache["flat"]


@dataclass
class Reading:
    """One way to read a statement: the table figure it would equal, and how it is made."""

    value: float
    how: str
    cells: list[CellRef]


def _t3(report: Report, key: str) -> float | None:
    return report.table3.value(key, T3_TOTAL_COL) if report.table3 else None


def _t3cell(key: str) -> CellRef:
    return CellRef("table3", key, T3_TOTAL_COL)


def _t4(report: Report, i: int) -> float | None:
    t = report.table4
    if t is None or i >= len(t.values):
        return None
    return t.values[i].value


def _mismatch(rule: Rule, report: Report, flat: Flat, m: re.Match, group: int, what: str,
              readings: list[Reading]) -> Finding | None:
    """A finding when the stated number equals none of the readings (None if one matches)."""
    if len(m.group(group)) > 15:  # a digit run, not a count (and past int()'s digit limit)
        return None
    stated = int(m.group(group))
    if not readings or any(abs(r.value - stated) < 1e-9 for r in readings):
        return None
    span = flat.span(m.start(), m.end())
    quote = re.sub(r"\s+", " ", m.group(0)).strip()
    table = "；".join(f"{r.how} = {fmt_num(r.value)}" for r in readings)
    cells = [c for r in readings for c in r.cells]
    uniq = list(dict.fromkeys(cells))
    return rule.finding(
        f"正文“{quote}”称{what} {stated}，而表格{table}。",
        f"核对正文与表格，使{what}一致。", cells=uniq, span=span, location=f"正文 {what}",
        current=str(stated), expected=f"{fmt_num(readings[0].value)}（{readings[0].how}）",
        section=report.section_at(span[0]))


_RECEIVED = re.compile(rf"(?:受理|收到|新收|共收|接收|接到)(?P<mid>{_GAP}{{0,20}}?)(\d+){_UNIT}")
_ANSWERED = re.compile(rf"(?:答复|办结|办理完毕|处理完毕)({_GAP}{{0,6}}?)(\d+){_UNIT}")
_CARRIED_OVER = re.compile(rf"上一?年度?结转({_GAP}{{0,10}}?)(\d+){_UNIT}")
# (?<!\d): one attempt per digit run, not one per digit (a 40 000-digit run took 60 s).
_CARRY_FWD = re.compile(rf"(?<!\d)(\d+){_UNIT}({_GAP}{{0,8}}?)(?:顺延|结转|转入)(?:到|至)?下一?年度?"
                        rf"|结转(?:到|至)?下一?年度?(?:继续办理)?({_GAP}{{0,8}}?)(\d+){_UNIT}")


_OTHER_BUSINESS = re.compile(r"建议|提案|信访|投诉|举报|许可|审批|政务服务|热线|留言")


def _about_applications(flat: Flat, m: re.Match) -> bool:
    """The sentence up to the figure speaks of disclosure applications, not of 提案/许可/热线."""
    start = max(flat.text.rfind(ch, 0, m.start()) for ch in "。；;！？\n") + 1
    sentence = flat.text[start:m.end()]
    return "申请" in sentence and not _OTHER_BUSINESS.search(sentence)


class ApplicationFigures(Rule):
    id = "NAR-APPLICATIONS"
    family = "narrative"
    severity = "warning"
    title = "正文中的申请件数与表三一致"
    doc = ("正文（多在“总体情况”或第三部分）写到的收到/受理、答复/办结、上年结转、结转下年度的申请件数，"
           "应分别与表三“一、本年新收”（或一+二）、“（七）总计”、“二、上年结转”、“四、结转下年度继续办理”"
           "的总计列一致。“受理”在不同报告里既可指一也可指一+二，两种读法有一种相符即不提示。")
    source = "FORMAT.md §7 XS-APPL；附录A（淮安2024）"
    example = "正文“受理政府信息公开申请 17 件”称收到申请 17，而表格一、本年新收 = 95；一+二 = 95"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.table3 is None:
            ctx.not_assessed(self, "未读取到表三。")
            return
        new, co, total, cf = (_t3(report, k) for k in ("new", "carried_over", "total", "carry_forward"))
        flat = _flat(report, ctx)
        for m in _RECEIVED.finditer(flat.text):
            if "公开" not in m.group("mid") or "结转" in m.group("mid") or not _about_applications(flat, m):
                continue
            readings = []
            if new is not None:
                readings.append(Reading(new, "一、本年新收", [_t3cell("new")]))
                if co is not None:
                    readings.append(Reading(new + co, "一+二", [_t3cell("new"), _t3cell("carried_over")]))
            f = _mismatch(self, report, flat, m, 2, "收到申请", readings)
            if f:
                yield f
        for m in _ANSWERED.finditer(flat.text):
            if not _about_applications(flat, m):
                continue
            readings = [Reading(total, "（七）总计", [_t3cell("total")])] if total is not None else []
            if total is not None and co is not None:
                readings.append(Reading(total - co, "（七）总计−上年结转", [_t3cell("total"), _t3cell("carried_over")]))
            f = _mismatch(self, report, flat, m, 2, "办结申请", readings)
            if f:
                yield f
        for m in _CARRIED_OVER.finditer(flat.text):
            if not _about_applications(flat, m):
                continue
            readings = [Reading(co, "二、上年结转", [_t3cell("carried_over")])] if co is not None else []
            f = _mismatch(self, report, flat, m, 2, "上年结转申请", readings)
            if f:
                yield f
        for m in _CARRY_FWD.finditer(flat.text):
            if not _about_applications(flat, m):
                continue
            group = 1 if m.group(1) is not None else 4
            readings = [Reading(cf, "四、结转下年度继续办理", [_t3cell("carry_forward")])] if cf is not None else []
            f = _mismatch(self, report, flat, m, group, "结转下年度申请", readings)
            if f:
                yield f


_REVIEW = re.compile(rf"行政复议({_GAP}{{0,6}}?)(\d+){_UNIT}")
_LAWSUIT = re.compile(rf"行政诉讼({_GAP}{{0,6}}?)(\d+){_UNIT}")
_PART = re.compile(rf"(结果维持|结果纠正|其他结果|尚未审结|维持|纠正)\s*(\d+){_UNIT}")
_PART_INDEX = {"结果维持": 0, "维持": 0, "结果纠正": 1, "纠正": 1, "其他结果": 2, "尚未审结": 3}


class ReviewLitigationFigures(Rule):
    id = "NAR-REVIEW-LITIGATION"
    family = "narrative"
    severity = "warning"
    title = "正文中的行政复议、行政诉讼件数与表四一致"
    doc = ("正文写到的行政复议件数应等于表四行政复议“总计”；行政诉讼件数应等于两栏诉讼总计之和"
           "（诉讼 = 未经复议直接起诉 + 复议后起诉），也接受只指其中一栏的写法。"
           "正文列出的“其中结果维持/纠正/其他/尚未审结”逐项核对。")
    source = "FORMAT.md §7 XS-RVLIT；附录A（淮安2024：诉讼46 = 26+20）"
    example = "正文“行政复议 3 件”称行政复议 3，而表格行政复议总计 = 2"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t = report.table4
        if t is None or len(t.values) < 15:
            ctx.not_assessed(self, "未读取到完整的表四。")
            return
        flat = _flat(report, ctx)
        v = [x.value for x in t.values[:15]]
        for m in _REVIEW.finditer(flat.text):
            if v[4] is None:
                continue
            f = _mismatch(self, report, flat, m, 2, "行政复议",
                          [Reading(v[4], "行政复议总计", [CellRef("table4", 0, 4)])])
            if f:
                yield f
            else:
                yield from self._parts(report, flat, m.end(), [[0]], "行政复议")
        for m in _LAWSUIT.finditer(flat.text):
            if v[9] is None or v[14] is None:
                continue
            readings = [Reading(v[9] + v[14], "直接起诉总计+复议后起诉总计",
                                [CellRef("table4", 0, 9), CellRef("table4", 0, 14)]),
                        Reading(v[9], "直接起诉总计", [CellRef("table4", 0, 9)]),
                        Reading(v[14], "复议后起诉总计", [CellRef("table4", 0, 14)])]
            f = _mismatch(self, report, flat, m, 2, "行政诉讼", readings)
            if f:
                yield f
            else:
                yield from self._parts(report, flat, m.end(), [[5, 10], [5], [10]], "行政诉讼")

    def _parts(self, report: Report, flat: Flat, start: int, bases: list[list[int]], what: str) -> Iterator[Finding]:
        """“其中结果维持 72 件，结果纠正 64 件……” right after a total, up to the end of the sentence."""
        end = len(flat.text)
        for stop in ("。", "；", ";", "行政复议", "行政诉讼"):
            k = flat.text.find(stop, start)
            if k != -1:
                end = min(end, k)
        v = [x.value for x in report.table4.values[:15]]
        for m in _PART.finditer(flat.text, start, end):
            off = _PART_INDEX[m.group(1)]
            readings = []
            for base in bases:
                vals = [v[b + off] for b in base]
                if all(x is not None for x in vals):
                    names = "+".join(("直接起诉" if b == 5 else "复议后起诉" if b == 10 else "行政复议") for b in base)
                    readings.append(Reading(sum(vals), f"{names} {m.group(1)}",
                                            [CellRef("table4", 0, b + off) for b in base]))
            f = _mismatch(self, report, flat, m, 2, f"{what}{m.group(1)}", readings)
            if f:
                yield f


_NORM_MADE = re.compile(rf"(?:制发|出台|印发|制定|新增|发布)(?:{_GAP}{{0,10}}?)(?<!政策)(?<!政策性)(?:行政)?规范性文件"
                        rf"({_GAP}{{0,4}}?)(\d+){_UNIT}")
_REG_MADE = re.compile(rf"(?:制发|出台|印发|制定|新增|发布)(?:{_GAP}{{0,10}}?)规章({_GAP}{{0,4}}?)(\d+){_UNIT}")
_REPEALED = re.compile(rf"废止({_GAP}{{0,8}}?)(\d+){_UNIT}")
_VALID = re.compile(rf"现行有效({_GAP}{{0,8}}?)(\d+){_UNIT}")


class DocumentFigures(Rule):
    id = "NAR-DOCUMENTS"
    family = "narrative"
    severity = "warning"
    title = "正文中的规章、规范性文件件数与表二一致"
    doc = ("正文写到的本年制发、废止、现行有效的行政规范性文件（和规章）件数，应与表二第二十条第（一）项"
           "对应单元格一致。“政策性文件”等其他口径不作比较。")
    source = "FORMAT.md §7 XS-DOCS"
    example = "正文“制发行政规范性文件1件，废止12件，现行有效文件27件”与表二“行政规范性文件”3、12、27不一致"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        s2 = report.section2
        if s2 is None or s2.layout != "2021":
            if s2 is None:
                ctx.not_assessed(self, "未读取到表二。")
            return
        flat = _flat(report, ctx)
        for rx, key, label in ((_NORM_MADE, "normative_docs", "行政规范性文件"), (_REG_MADE, "regulations", "规章")):
            row = s2.rows.get(key)
            if row is None or len(row.values) < 3:
                continue
            for m in rx.finditer(flat.text):
                yield from self._check(report, flat, m, 2, row.values[0].value, key, 0, f"本年制发{label}")
                end = min([k for k in (flat.text.find("。", m.end()), flat.text.find("；", m.end())) if k != -1],
                          default=len(flat.text))
                for rx2, col, what in ((_REPEALED, 1, f"本年废止{label}"), (_VALID, 2, f"现行有效{label}")):
                    m2 = rx2.search(flat.text, m.end(), end)
                    if m2:
                        yield from self._check(report, flat, m2, 2, row.values[col].value, key, col, what)

    def _check(self, report, flat, m, group, value, key, col, what) -> Iterator[Finding]:
        if value is None:
            return
        f = _mismatch(self, report, flat, m, group, what,
                      [Reading(value, f"表二 {what}", [CellRef("section2", key, col)])])
        if f:
            yield f


_NEG = r"(?:未收到|没有收到|未接到|没有接到|未发生|没有发生|未出现|未有|没有|(?<!无论)无(?!论|正当|力|法))"
_APPL_NONE = re.compile(rf"{_NEG}({_GAP}{{0,12}}?)(?:依申请公开|信息公开申请|公开申请)(?!\s*(?:而|引起|引发|产生|导致|行政复议|提起))")
_REVIEW_NONE = re.compile(rf"{_NEG}({_GAP}{{0,40}}?)行政复议(?!\s*\d)")
_LAWSUIT_NONE = re.compile(rf"{_NEG}({_GAP}{{0,40}}?)行政诉讼(?!\s*\d)")
_NOT_NEGATION = re.compile(r"减少|降低|避免|防止|以免|纠错|化解")


class NoneStatements(Rule):
    id = "NAR-NONE"
    family = "narrative"
    severity = "error"
    title = "“未收到申请”“未发生行政复议”等表述与表格矛盾"
    doc = ("正文说“未收到政府信息公开申请”“无依申请公开”，表三本年新收却不为0；或说“未发生行政复议、"
           "行政诉讼”，表四相应总计却不为0——两处必有一处错误。")
    source = "FORMAT.md §7 XS-NONE"
    example = "正文称“未发生因政府信息公开引起的行政复议”，而表四行政复议总计 = 1"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        flat = _flat(report, ctx)
        checks = []
        new = _t3(report, "new")
        if new is not None:
            checks.append((_APPL_NONE, new, "表三本年新收申请总计", [_t3cell("new")], "收到申请"))
        rv = _t4(report, 4)
        if rv is not None:
            checks.append((_REVIEW_NONE, rv, "表四行政复议总计", [CellRef("table4", 0, 4)], "行政复议"))
        ld, la = _t4(report, 9), _t4(report, 14)
        if ld is not None and la is not None:
            checks.append((_LAWSUIT_NONE, ld + la, "表四行政诉讼总计（直接起诉+复议后起诉）",
                           [CellRef("table4", 0, 9), CellRef("table4", 0, 14)], "行政诉讼"))
        if not checks:
            ctx.not_assessed(self, "未读取到表三、表四。")
        for rx, value, how, cells, what in checks:
            if not value:
                continue
            for m in rx.finditer(flat.text):
                if _NOT_NEGATION.search(m.group(1)) or (rx is _APPL_NONE and "因" in m.group(1)):
                    continue
                span = flat.span(m.start(), m.end())
                quote = re.sub(r"\s+", " ", m.group(0)).strip()
                yield self.finding(f"正文称“{quote}”，而{how} = {fmt_num(value)}。",
                                   f"核对{what}情况：若确有发生，修改正文表述；若确未发生，表格应为0。",
                                   cells=cells, span=span, location=f"正文 {what}", current=quote,
                                   expected=f"与表格一致（{how} = {fmt_num(value)}）",
                                   section=report.section_at(span[0]))
                break


_ALL_DONE = re.compile(r"(?:全部|均已|均|已全部|全都|都已)(?:按时|依法|按期|及时)?办结")


class AllDone(Rule):
    id = "NAR-ALL-DONE"
    family = "narrative"
    severity = "warning"
    title = "“申请均已办结”与结转下年度矛盾"
    doc = "正文称申请“全部办结/均已办结”，而表三“四、结转下年度继续办理”不为0，两者矛盾。"
    source = "FORMAT.md §7 XS-APPL"
    example = "正文称“全部办结”，而表三结转下年度继续办理 = 3"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        cf = _t3(report, "carry_forward")
        if cf is None:
            ctx.not_assessed(self, "表三“结转下年度继续办理”未读取到。")
            return
        if not cf:
            return
        flat = _flat(report, ctx)
        m = _ALL_DONE.search(flat.text)
        if m:
            span = flat.span(m.start(), m.end())
            yield self.finding(f"正文称“{m.group(0)}”，而表三“四、结转下年度继续办理”总计 = {fmt_num(cf)}。",
                               "核对是否确有结转下年度的申请，修改正文或表格。", cells=[_t3cell("carry_forward")],
                               span=span, location="正文 办结情况", current=m.group(0),
                               expected=f"结转下年度 {fmt_num(cf)} 件", section=report.section_at(span[0]))


RULES = (ApplicationFigures, ReviewLitigationFigures, DocumentFigures, NoneStatements, AllDone)
