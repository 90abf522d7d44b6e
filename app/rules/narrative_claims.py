"""Narrative claims without a figure, against the tables: “未发生行政复议”, “均已办结”,
“无结转”, “均获维持 / 未被纠错”, and the 信息处理费 statements against each other.

The claims are read by ``app.rules.statements`` with the figures; a claim that cannot be
checked because its cells are blank is a doubt (读取存疑), never a finding.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from app.model import Finding, Report
from app.rules.base import Context, Rule, fmt_num
from app.rules.narrative_check import cells_of, quote, statements, unknown
from app.rules.quantities import combined, quantity
from app.rules.statements import Statement

_EXAMPLE_TABLES = ("表三：本年新收 3119、上年结转 34、结转下年度 103；表四：行政复议 72/64/178/37/351，"
                   "行政诉讼两栏总计 26、20；第六部分写“本年度收取信息处理费0元”")


def _claims(report: Report, ctx: Context, *kinds: str) -> list[Statement]:
    return [s for s in statements(report, ctx) if s.kind == "claim" and s.claim in kinds]


class NoneStatements(Rule):
    id = "NAR-NONE"
    family = "narrative"
    severity = "error"
    title = "“未收到申请”“未发生行政复议”等表述与表格矛盾"
    doc = ("正文说“未收到政府信息公开申请”“无依申请公开”，表三本年新收却不为0；或说“未发生行政复议、"
           "行政诉讼”，表四相应总计却不为0——两处必有一处错误。“降低行政复议发生率”等不是否定说法，不作比较。")
    source = "国办公开办函〔2021〕30号 表三、表四；《条例》第五十条（二）（三）"
    example = "正文称“未发生因政府信息公开引起的行政复议”，而表四 行政复议 总计 = 1"
    good = "本年度因政府信息公开被申请行政复议351件，下一步将有效降低行政复议发生率。"
    bad = "本年度未发生因政府信息公开引起的行政复议。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        seen: set[tuple[str, ...]] = set()
        blank = []
        for st in _claims(report, ctx, "none"):
            q = combined(report, st.keys)
            if q is None or q.value is None:
                blank.append((st, q))
                continue
            if not q.value or st.keys in seen:
                continue
            seen.add(st.keys)  # one finding per table figure: the same claim is often repeated
            yield self.finding(
                f"正文称“{quote(st)}”，而{q.name} = {fmt_num(q.value)}。",
                f"核对{q.short}情况：若确有发生，修改正文表述；若确未发生，表格应为0。",
                cells=list(q.cells), span=st.span, location=f"正文 {q.short}", current=st.quote,
                expected=f"与表格一致（{q.name} = {fmt_num(q.value)}）", section=st.section)
        unknown(ctx, self, [x for x in blank if x[1] is not None])


class AllDone(Rule):
    id = "NAR-ALL-DONE"
    family = "narrative"
    severity = "warning"
    title = "“申请均已办结”“无结转”与表三结转数矛盾"
    doc = ("正文称申请“全部办结/均已办结”或“无结转下年度”，而表三“四、结转下年度继续办理”不为0；"
           "或称“无上年结转”，而“二、上年结转”不为0，两者矛盾。句中已写明结转件数（“除103件顺延外均已办结”）"
           "的不算。只说“无结转”而看不出指哪一项、且两项中只有一项为0时，列入读取存疑。")
    source = "国办公开办函〔2021〕30号 表三“二、上年结转”“四、结转下年度继续办理”"
    example = "正文称“全部办结”，而表三“四、结转下年度继续办理”总计 = 3"
    good = "2024年共受理政府信息公开申请3119件，除103件顺延到下年度外，其余均已办结。"
    bad = "2024年共受理政府信息公开申请3119件，均已办结，无结转。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        sts = statements(report, ctx)
        carried_in_sentence = {s.sentence for s in sts if s.kind == "figure" and s.keys == ("t3.carry_forward",)}
        blank = []
        for st in _claims(report, ctx, "all_done", "no_carry"):
            # “除103件顺延外均已办结”, “上年结转的5件已全部办结”: the claim is about part of the applications
            if st.claim == "all_done" and (st.sentence in carried_in_sentence
                                           or re.search(r"除|结转|顺延", _before(report, st))):
                continue
            qs = [quantity(report, k) for k in st.keys]
            if any(q is None or q.value is None for q in qs):
                blank.append((st, next((q for q in qs if q is not None), None)))
                continue
            nonzero = [q for q in qs if q.value]
            if not nonzero:
                continue
            if st.extra.get("either") and len(nonzero) < len(qs):
                q = nonzero[0]
                ctx.not_assessed(self, f"正文“{quote(st)}”未写明指上年结转还是结转下年度；{q.name} = "
                                       f"{fmt_num(q.value)}，未作判断，请人工核对。", span=st.span, location="正文 结转")
                continue
            q = nonzero[0]
            yield self.finding(
                f"正文称“{quote(st)}”，而{q.name} = {fmt_num(q.value)}。",
                "核对是否确有结转的申请，修改正文或表格。", cells=[c for q in nonzero for c in q.cells],
                span=st.span, location="正文 办结情况", current=st.quote,
                expected=f"{q.short} {fmt_num(q.value)} 件", section=st.section)
        unknown(ctx, self, [x for x in blank if x[1] is not None])


def _before(report: Report, st: Statement) -> str:
    """The sentence text before a claim (in the report's own characters)."""
    a = max(report.text.rfind(ch, 0, st.span[0]) for ch in "。；;！？") + 1
    return report.text[a:st.span[0]]


_RESULT_NAMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


class Upheld(Rule):
    id = "NAR-UPHELD"
    family = "narrative"
    severity = "warning"
    title = "“均获维持”“未被纠错”等表述与表四一致"
    doc = ("正文称行政复议、行政诉讼“均获维持/全部维持”，表四该栏的结果维持应等于总计（写“已审结的均获维持”"
           "时等于总计减尚未审结）；称“未被纠错/无败诉/全部胜诉”，该栏的结果纠正应为0。句中写的是行政复议"
           "还是行政诉讼，就核对哪一栏；两者都写的都核对。")
    source = "国办公开办函〔2021〕30号 表四“结果维持”“结果纠正”栏"
    example = "正文称“行政复议均获维持”，而表四 行政复议：结果维持 72，结果纠正 64，其他结果 178，尚未审结 37，总计 351"
    good = "政府信息公开行政复议351件，其中结果纠正64件。"
    bad = "因政府信息公开被申请行政复议的案件均获维持。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        blank = []
        for st in _claims(report, ctx, "upheld", "not_corrected"):
            for block in st.keys:
                vals = [quantity(report, f"{block}.{r}") for r in ("maintain", "correct", "other", "pending", "total")]
                if any(q is None for q in vals):
                    continue
                if any(q.value is None for q in vals):
                    blank.append((st, vals[4]))
                    continue
                m, c, _, p, t = (q.value for q in vals)
                if st.claim == "upheld":
                    bad = m != (t - p if st.extra.get("done") else t)
                else:
                    bad = c > 0
                if not bad:
                    continue
                name = "行政复议" if block == "t4.rv" else "行政诉讼（直接起诉与复议后起诉两栏之和）"
                detail = "，".join(f"{n} {fmt_num(q.value)}" for n, q in zip(_RESULT_NAMES, vals))
                yield self.finding(
                    f"正文称“{quote(st)}”，而表四 {name}：{detail}。",
                    "按表四如实写明结果维持、结果纠正等件数，或核对表四。",
                    cells=cells_of(report, [f"{block}.{r}" for r in ("maintain", "correct", "other", "pending", "total")]),
                    span=st.span, location=f"正文 {name}结果", current=st.quote,
                    expected=f"结果纠正 {fmt_num(c)}、结果维持 {fmt_num(m)}（总计 {fmt_num(t)}）", section=st.section)
        unknown(ctx, self, blank)


class InformationFeeStatements(Rule):
    id = "NAR-INFO-FEE"
    family = "narrative"
    severity = "warning"
    title = "信息处理费的说法前后一致"
    doc = ("正文各处关于信息处理费的说法（第六部分的收取金额、“未收取信息处理费”等）应当一致；称“未发出收费"
           "通知”的，表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”应为0。信息处理费以元计，"
           "与表二的“行政事业性收费”（万元）不是一回事，不作比较。")
    source = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；国办公开办函〔2021〕30号 表三（六）2"
    example = "正文“未收取依申请公开费用”（未收取，即 0 元）与“信息处理费3940元”（3940 元）说法不一致"
    good = "全年未收取信息处理费。"
    bad = "全年收取信息处理费3940元。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        sts = statements(report, ctx)
        said = [(s, 0.0 if s.kind == "claim" else s.value * (10000 if s.unit == "万元" else 1)) for s in sts
                if s.keys == ("fee.info",) and (s.kind == "figure" or s.claim == "no_fee")]
        if len({v for _, v in said}) > 1:
            ref, ref_v = next(((s, v) for s, v in said if s.section == 6), said[0])
            for s, v in said:
                if v == ref_v:
                    continue
                yield self.finding(
                    f"正文“{quote(s)}”（{_amount(v)}）与“{quote(ref)}”（{_amount(ref_v)}）说法不一致。",
                    "核对本年度实际收取的信息处理费，统一正文各处的说法。", span=s.span,
                    location="正文 信息处理费", current=s.quote, expected=ref.quote, section=s.section)
        blank = []
        for st in _claims(report, ctx, "no_fee_notice"):
            q = quantity(report, "t3.other_2")
            if q is None or q.value is None:
                blank.append((st, q))
                continue
            if q.value:
                yield self.finding(
                    f"正文称“{quote(st)}”，而{q.name} = {fmt_num(q.value)}（有申请人逾期未按收费通知缴费，"
                    f"说明发出过收费通知）。",
                    "核对本年度是否发出过信息处理费收费通知，修改正文或表三。", cells=list(q.cells), span=st.span,
                    location="正文 收费通知", current=st.quote, expected=f"{q.short} {fmt_num(q.value)} 件",
                    section=st.section)
        unknown(ctx, self, blank, "表三没有“（六）其他处理 2.”一行（或为空白）")


def _amount(v: float) -> str:
    return "未收取，即 0 元" if not v else f"{fmt_num(v)} 元"


CLAIM_RULES = (NoneStatements, AllDone, Upheld, InformationFeeStatements)
