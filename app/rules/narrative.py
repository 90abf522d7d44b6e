"""Narrative-vs-table rules: the figures the text states about tables 二/三/四.

The statements are read once by ``app.rules.statements``; each rule here judges the ones
about its table (``narrative_check``). The field a sentence names decides what it is
compared with; a figure that equals another natural reading is reported with that
reading spelled out, and a loosely worded sentence that disagrees is a doubt, not a finding.
Claims without figures (“未发生行政复议”, “均获维持” …) are in ``narrative_claims``.
"""
from __future__ import annotations

from collections.abc import Iterator

from app.model import Finding, Report
from app.rules.base import Context, Rule, fmt_num
from app.rules.narrative_check import (
    check_figures,
    doubt,
    enumeration_finding,
    is_family,
    parts_of,
    quote,
    statements,
)
from app.rules.narrative_claims import CLAIM_RULES
from app.rules.quantities import OUTCOME_GROUPS, combined
from app.rules.statements import Statement

_FLOWS = frozenset({"t3.new", "t3.carried_over", "t3.total", "t3.carry_forward"})
_T3_SOURCE = "国办公开办函〔2021〕30号 表三“收到和处理政府信息公开申请情况”；《条例》第五十条（二）"
_T4_SOURCE = "国办公开办函〔2021〕30号 表四“政府信息公开行政复议、行政诉讼情况”；《条例》第五十条（三）"
_T2_SOURCE = "国办公开办函〔2021〕30号 表二“主动公开政府信息情况”；《条例》第二十条"
_EXAMPLE_TABLES = ("表三：本年新收 3119、上年结转 34、（七）总计 3050、结转下年度 103、予以公开 1362、部分公开 454；"
                   "表四：行政复议 72/64/178/37/351，直接起诉 13/4/8/1/26，复议后起诉 12/1/1/6/20；"
                   "表二：规章 1/0/11，行政规范性文件 8/26/66，行政许可 447228（淮安市人民政府2024年报告）")


def _is_flow(st: Statement) -> bool:
    return is_family(st, "t3.") and all(k in _FLOWS for k in st.keys)


def _is_applicant(st: Statement) -> bool:
    return is_family(st, "t3.") and all("@" in k for k in st.keys)


def _is_outcome(st: Statement) -> bool:
    return is_family(st, "t3.") and not _is_flow(st) and not _is_applicant(st)


def _t3_absent(report: Report) -> str:
    return "未读取到表三" if report.table3 is None else "表三没有该行（2019版表三的“（六）其他处理”只有一行）"


def _comparable(report: Report, parent: Statement) -> bool:
    """Whether outcome parts should add up to ``parent``: it names (七)总计, or a figure equal to it."""
    if parent.keys == ("t3.total",):
        return True
    p, t = combined(report, parent.keys), combined(report, ("t3.total",))
    return p is not None and t is not None and p.value is not None and p.value == t.value


class ApplicationFigures(Rule):
    id = "NAR-APPLICATIONS"
    family = "narrative"
    severity = "warning"
    title = "正文中的申请件数与表三一致"
    doc = ("正文写到的收到（新收、受理）、办结（答复）、上年结转、结转下年度的申请件数，以及按申请人"
           "（自然人、法人或其他组织）分列的件数，应与表三“一、本年新收”“（七）总计”“二、上年结转”"
           "“四、结转下年度继续办理”对应单元格一致。句中写的是哪一项就与哪一项比较；数字恰好等于另一种"
           "常见口径（如本年新收+上年结转）时，在说明中写明，受理、收到等宽泛说法只作提示。"
           "句中没有提到申请的“受理 N 件”不作判断，不一致时列入读取存疑。")
    source = _T3_SOURCE
    example = "正文“受理政府信息公开申请17件”中的 17件（本年新收）与表三“一、本年新收政府信息公开申请数量”总计 95 不一致"
    good = "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。"
    bad = "2024年，全市共受理政府信息公开申请3000件，答复3050件。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        sts = statements(report, ctx)
        single = [s for s in sts if (_is_flow(s) or _is_applicant(s)) and s.parent is None]
        yield from check_figures(self, report, ctx, single, _t3_absent(report))
        for k, p in enumerate(sts):
            parts = [s for s in parts_of(sts, k) if _is_applicant(s)]
            if len(parts) == 1:
                yield from check_figures(self, report, ctx, parts, _t3_absent(report))
            elif parts:
                cols = {s.keys[0].split("@")[1] for s in parts}
                complete = cols in ({"np", "legal"}, {"np", "biz", "res", "ngo", "law", "oth"})
                f = enumeration_finding(self, report, ctx, p, parts, complete, "申请人")
                if f:
                    yield f


class OutcomeFigures(Rule):
    id = "NAR-OUTCOMES"
    family = "narrative"
    severity = "warning"
    title = "正文中的办理结果件数与表三一致"
    doc = ("正文写到的予以公开、部分公开、不予公开（8项之和）、无法提供、不予处理、其他处理件数，以及"
           "“予以公开及部分公开 N 件”这类合并说法，应与表三对应行（或各行之和）的总计列一致；"
           "“其中予以公开 a 件、部分公开 b 件……”逐项核对，列全六类结果时其和应等于句中所说的总数。")
    source = _T3_SOURCE
    example = ("正文“答复3050件，其中予以公开1362件、部分公开450件”中，“部分公开450件”与"
               "表三“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”总计 454 不一致")
    good = "答复3050件，其中予以公开及部分公开1816件。"
    bad = "答复3050件，其中予以公开1362件、部分公开450件。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        sts = statements(report, ctx)
        single = [s for s in sts if _is_outcome(s) and s.parent is None]
        yield from check_figures(self, report, ctx, single, _t3_absent(report))
        for k, p in enumerate(sts):
            parts = [s for s in parts_of(sts, k) if _is_outcome(s)]
            if not parts or report.table3 is None:
                continue
            groups = {key[3:].split("_")[0] for s in parts for key in s.keys}
            comparable = _comparable(report, p)
            complete = comparable and set(OUTCOME_GROUPS) <= groups
            f = enumeration_finding(self, report, ctx, p, parts, complete, "办理结果", sum_check=comparable)
            if f:
                yield f


class ReviewLitigationFigures(Rule):
    id = "NAR-REVIEW-LITIGATION"
    family = "narrative"
    severity = "warning"
    title = "正文中的行政复议、行政诉讼件数与表四一致"
    doc = ("正文写到的行政复议件数应等于表四行政复议“总计”；行政诉讼件数应等于直接起诉与复议后起诉两栏"
           "总计之和（写明“直接起诉”“复议后起诉”的与该栏比较）。只等于其中一栏时在说明中写明。"
           "“其中结果维持、结果纠正、其他结果、尚未审结”逐项核对，四项列全时其和应等于所说的总数。")
    source = _T4_SOURCE
    example = "正文“行政复议2件”中的 2件（行政复议总计）与表四 行政复议 总计 1 不一致"
    good = "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件。"
    bad = "政府信息公开行政复议351件，其中结果维持72件，结果纠正60件，其他结果178件，尚未审结37件。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        sts = statements(report, ctx)
        single = [s for s in sts if is_family(s, "t4.") and s.parent is None]
        yield from check_figures(self, report, ctx, single, "未读取到完整的表四")
        for k, p in enumerate(sts):
            parts = [s for s in parts_of(sts, k) if is_family(s, "t4.")]
            if not parts:
                continue
            results = {s.keys[0].split(".")[2] for s in parts}
            f = enumeration_finding(self, report, ctx, p, parts, {"maintain", "correct", "other", "pending"} <= results,
                                    "行政复议" if p.keys == ("t4.rv.total",) else "行政诉讼")
            if f:
                yield f


def _t2_absent(report: Report) -> str:
    if report.section2 is None:
        return "未读取到表二"
    if report.section2.layout == "2019":
        return "表二为2019版格式，其栏目（本年新制作、新公开、对外公开总数量等）与正文所说的口径不同，不作比较"
    return "表二没有该栏目"


class DocumentFigures(Rule):
    id = "NAR-DOCUMENTS"
    family = "narrative"
    severity = "warning"
    title = "正文中的规章、规范性文件件数与表二一致"
    doc = ("正文写到的本年制发、废止、现行有效的规章和行政规范性文件件数，应与表二第二十条第（一）项"
           "对应单元格一致：说“现行有效”的只与现行有效件数比较，绝不与本年制发比较。“政策性文件”、"
           "清理、审查的文件件数不是表二的栏目，主动公开、新增公开的件数是公开数量而非制发件数，都不作比较；"
           "只写“规范性文件N件”看不出是哪一栏、又与三栏都不相符时，列入读取存疑。")
    source = _T2_SOURCE
    example = "正文“废止11件”中的 11件（本年废止行政规范性文件）与表二“行政规范性文件”本年废止件数 12 不一致"
    good = "本年制发行政规范性文件8件，废止26件，现行有效66件。"
    bad = "本年制发行政规范性文件8件，废止26件，现行有效8件。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        chosen = [s for s in statements(report, ctx) if is_family(s, "t2.") and s.keys[0].count(".") == 2]
        yield from check_figures(self, report, ctx, chosen, _t2_absent(report))


class DecisionFigures(Rule):
    id = "NAR-DECISIONS"
    family = "narrative"
    severity = "warning"
    title = "正文中的行政许可、处罚、强制决定数和收费金额与表二一致"
    doc = ("正文写到的本年作出的行政许可、行政处罚、行政强制决定件数，应与表二“本年处理决定数量”一致；"
           "行政事业性收费金额应与表二“本年收费金额”一致（正文写元的换算为万元后比较）。"
           "公开、公示的件数不一定等于决定数量，不一致时只列入读取存疑；信息处理费不是行政事业性收费，不作比较。")
    source = _T2_SOURCE + "第（五）（六）（八）项"
    example = "正文“行政许可决定447000件”中的 447000件（行政许可）与表二“行政许可”本年处理决定数量 447228 不一致"
    good = "全年作出行政许可决定447228件。"
    bad = "全年作出行政许可决定447000件。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        chosen = [s for s in statements(report, ctx) if is_family(s, "t2.") and s.keys[0].count(".") == 1]
        yield from check_figures(self, report, ctx, chosen, _t2_absent(report))


def _share_ok(stated: float, part: float, base: float) -> bool:
    """The report's own rounding: to the decimals it prints, rounded or cut off."""
    if base <= 0:
        return True
    exact = 100 * part / base
    d = len(f"{stated:.6f}".rstrip("0").split(".")[1]) if not float(stated).is_integer() else 0
    step = 10 ** -d
    return abs(exact - stated) <= step / 2 + 1e-9 or 0 <= exact - stated < step + 1e-9


class ShareFigures(Rule):
    id = "NAR-SHARES"
    family = "narrative"
    severity = "warning"
    title = "正文中的比例与表格件数相符"
    doc = ("正文写到的“占 x%”“纠错率 x%”，按表格中对应的件数计算应得出同样的比例（按报告自己的小数位"
           "四舍五入或截尾均可）。比例的分母按句中所说（收到、办结，或句中的总数）确定；未写明时以"
           "（七）总计、本年新收、一+二任一相符即可，都不相符时列入读取存疑。")
    source = _T3_SOURCE
    example = "正文“予以公开1362件，占50%”：按表格，予以公开 1362 ÷ 办结总数 3050 = 44.66%，与所称 50% 不符"
    good = "答复3050件，其中予以公开1362件，占44.7%。"
    bad = "答复3050件，其中予以公开1362件，占50%。"
    tables = _EXAMPLE_TABLES

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        sts = statements(report, ctx)
        for st in sts:
            if st.kind != "share":
                continue
            part = combined(report, st.keys)
            bases = [b for b in (combined(report, keys) for keys in st.base) if b is not None]
            if part is None or part.value is None or not bases or any(b.value is None for b in bases):
                continue
            if any(_share_ok(st.value, part.value, b.value) for b in bases):
                continue
            num = sts[st.numerator] if st.numerator is not None else None
            stated_base = sts[num.parent] if num is not None and num.parent is not None else None
            if num is not None and stated_base is not None and _share_ok(st.value, num.value, stated_base.value):
                continue  # right for the text's own figures: the figure itself is reported
            b = bases[0]
            exact = 100 * part.value / b.value if b.value else 0
            if not st.sure:
                st.doubt = st.doubt or "未写明比例的分母"
                doubt(ctx, self, st, part)
                continue
            yield self.finding(
                f"正文“{quote(st)}”：按表格，{part.short} {fmt_num(part.value)} ÷ {b.short} {fmt_num(b.value)}"
                f" = {exact:.2f}%，与所称 {fmt_num(st.value)}% 不符。",
                f"按表格重新计算比例（{exact:.2f}%），或核对件数。",
                cells=list(dict.fromkeys([*part.cells, *b.cells])), span=st.span, location=f"正文 {part.short}比例",
                current=f"{fmt_num(st.value)}%", expected=f"{exact:.2f}%（{part.short} ÷ {b.short}）",
                section=st.section)


RULES = (ApplicationFigures, OutcomeFigures, ShareFigures, ReviewLitigationFigures, DocumentFigures,
         DecisionFigures, *CLAIM_RULES)
