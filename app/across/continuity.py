"""Year over year (same unit, consecutive years): carry-over, stock of documents, big jumps.

What last year's report says the unit carried into this year (表三 四、结转下年度继续办理)
is what this year's report must say it took over (二、上年结转); last year's stock of
valid 规章 and 行政规范性文件 plus this year's new minus repealed ones is this year's stock.
Each finding names both reports and both cells. A comparison the inputs do not allow
(a cell not read, the 2019 → 2021 format change) is said as a doubt, never guessed.
"""
from __future__ import annotations

from collections.abc import Callable

from app.across.library import Entry
from app.across.settings import AcrossSettings
from app.model import CellRef, Finding, ParseWarning, RelatedRef, Report, Value
from app.rules.base import fmt_num
from app.rules.cross import BigJump, CarryOver, CrossRule, StockContinuity
from app.template import SECTION2_2021, T3_COLUMNS, T3_LABELS, T3_TOTAL_COL

T3 = "table3"


def _t3_row(report: Report | None, key: str) -> list[Value] | None:
    if report is None or report.table3 is None:
        return None
    row = report.table3.rows.get(key)
    return row.values if row is not None else None


def _related(prev: Entry, cells: list[CellRef], span) -> RelatedRef:
    return RelatedRef(file=prev.path, cells=cells, span=span, org=prev.org, year=prev.year, doc_id=prev.doc_id)


def _doubt(rule: type[CrossRule], reason: str, location: str = "") -> ParseWarning:
    return ParseWarning(code=f"not-assessed:{rule.id}", message=f"无法评估“{rule.title}”（{rule.id}）：{reason}",
                        location=location)


def _matched(note: str) -> str:
    return f"（{note}。）" if note else ""


def carry_over(this: Entry, prev: Entry, note: str = "") -> tuple[list[Finding], list[ParseWarning]]:
    """XY-CARRY: this year's 二、上年结转 against last year's 四、结转下年度继续办理, column by column."""
    rule = CarryOver()
    now_row, prev_row = _t3_row(this.report, "carried_over"), _t3_row(prev.report, "carry_forward")
    if now_row is None or prev_row is None:
        missing = "本报告表三“二、上年结转”" if now_row is None else f"{prev.label()}表三“四、结转下年度继续办理”"
        return [], [_doubt(CarryOver, f"{missing}未读出。", "表三 “二、上年结转政府信息公开申请数量”")]
    diffs, unknown = [], 0
    for col in range(min(len(now_row), len(prev_row), len(T3_COLUMNS))):
        a, b = now_row[col], prev_row[col]
        if not a.known or not b.known:
            unknown += 1
            continue
        if a.value != b.value:
            diffs.append(col)
    if not diffs:
        if unknown == len(T3_COLUMNS):
            return [], [_doubt(CarryOver, f"本报告或{prev.label()}的结转数字未读出。",
                               "表三 “二、上年结转政府信息公开申请数量”")]
        return [], []
    pairs = "，".join(f"{T3_COLUMNS[c]} 本年填 {fmt_num(now_row[c].value)}、上年结转下年度 {fmt_num(prev_row[c].value)}"
                     for c in diffs)
    location = f"表三 “{T3_LABELS['carried_over']}”"
    message = (f"{location}与{prev.label()}的“四、结转下年度继续办理”不一致：{pairs}。"
               + _matched(note))
    suggestion = ("上年度结转下年度继续办理的申请，本年应逐列作为“上年结转”填报：核对两份报告的结转数字，"
                  "改正有误的一方；确有差异的（如上年度报告有误），请在本年报告中说明。")
    cells = [CellRef(T3, "carried_over", c) for c in diffs]
    prev_cells = [CellRef(T3, "carry_forward", c) for c in diffs]
    f = rule.finding(message, suggestion, cells=cells, span=now_row[diffs[0]].span,
                     location=location, section=3,
                     current="，".join(f"{T3_COLUMNS[c]} {fmt_num(now_row[c].value)}" for c in diffs),
                     expected="，".join(f"{T3_COLUMNS[c]} {fmt_num(prev_row[c].value)}" for c in diffs)
                     + f"（{prev.year}年报告“四、结转下年度继续办理”）")
    f.related.append(_related(prev, prev_cells, prev_row[diffs[0]].span))
    return [f], []


def stock(this: Entry, prev: Entry, note: str = "") -> tuple[list[Finding], list[ParseWarning]]:
    """XY-VALID: 现行有效件数 follows from last year's (2021 format both years only)."""
    rule = StockContinuity()
    s_now = this.report.section2 if this.report else None
    s_prev = prev.report.section2 if prev.report else None
    where = "表二 第二十条第（一）项"
    if s_now is None or s_prev is None:
        return [], []  # no table 二 at all: the per-report rules already say so
    if s_now.layout != "2021" or s_prev.layout != "2021":
        old = prev.label() if s_prev.layout != "2021" else "本报告"
        return [], [_doubt(StockContinuity, (
            f"{old}表二使用 2019 版格式，其“对外公开总数量”与 2021 版的“现行有效件数”含义不同，"
            "跨越格式变化的两年不比较现行有效件数。"), where)]
    findings, doubts = [], []
    for key in ("regulations", "normative_docs"):
        label = SECTION2_2021[key][0]
        now, before = s_now.rows.get(key), s_prev.rows.get(key)
        if now is None or before is None or len(now.values) < 3 or len(before.values) < 3:
            continue
        made, repealed, valid = now.values[0], now.values[1], now.values[2]
        prev_valid = before.values[2]
        if not all(v.known for v in (made, repealed, valid, prev_valid)):
            doubts.append(_doubt(StockContinuity, f"“{label}”的制发、废止或现行有效件数有未读出的单元格。", where))
            continue
        expected = prev_valid.value + made.value - repealed.value
        if valid.value == expected:
            continue
        calc = f"{fmt_num(prev_valid.value)} + {fmt_num(made.value)} − {fmt_num(repealed.value)} = {fmt_num(expected)}"
        location = f"表二 “{label}” × 现行有效件数"
        message = (f"{location} = {fmt_num(valid.value)}，与上年度不衔接：{prev.label()}现行有效件数 "
                   f"{fmt_num(prev_valid.value)}，加本年制发 {fmt_num(made.value)}、减本年废止 {fmt_num(repealed.value)}，"
                   f"应为 {fmt_num(expected)}。" + _matched(note))
        suggestion = ("核对现行有效件数；因清理、到期失效、统计口径变化等原因不衔接的，请在报告中说明"
                      "（各地对“废止”“失效”的统计口径不一，故只作警告）。")
        f = rule.finding(message, suggestion, cells=[CellRef("section2", key, c) for c in range(3)], span=valid.span,
                         location=location, section=2, current=fmt_num(valid.value),
                         expected=f"{fmt_num(expected)}（{calc}）")
        f.related.append(_related(prev, [CellRef("section2", key, 2)], prev_valid.span))
        findings.append(f)
    return findings, doubts


def _t4(report: Report | None, cols: tuple[int, ...]) -> tuple[float | None, list[Value]]:
    if report is None or report.table4 is None or len(report.table4.values) < 15:
        return None, []
    vals = [report.table4.values[c] for c in cols]
    if not all(v.known for v in vals):
        return None, vals
    return sum(v.value for v in vals), vals


def jumps(this: Entry, prev: Entry, settings: AcrossSettings, note: str = "") -> list[Finding]:
    """XY-JUMP (info): 本年新收 ×/÷ ratio with both years large enough; 复议/诉讼 appearing from none."""
    rule = BigJump()
    out: list[Finding] = []
    now_new, prev_new = _t3_row(this.report, "new"), _t3_row(prev.report, "new")
    if now_new and prev_new and len(now_new) > T3_TOTAL_COL and len(prev_new) > T3_TOTAL_COL:
        a, b = now_new[T3_TOTAL_COL], prev_new[T3_TOTAL_COL]
        if a.known and b.known and min(a.value, b.value) >= settings.jump_min:
            ratio = a.value / b.value
            if ratio >= settings.jump_ratio or ratio <= 1 / settings.jump_ratio:
                how = f"约为上年的 {ratio:.0f} 倍" if ratio >= 1 else f"约为上年的 1/{1 / ratio:.0f}"
                f = rule.finding(
                    f"本年新收政府信息公开申请 {fmt_num(a.value)} 件，{prev.label()}为 {fmt_num(b.value)} 件，{how}，"
                    "请核实数字（如有原因，可在报告中说明）。" + _matched(note),
                    "核对表三“一、本年新收”总计；变化确实如此的，可在第一部分说明原因。",
                    cells=[CellRef(T3, "new", T3_TOTAL_COL)], span=a.span, location="表三 “一、本年新收” × 总计",
                    section=3, current=fmt_num(a.value), expected=f"上年 {fmt_num(b.value)}")
                f.related.append(_related(prev, [CellRef(T3, "new", T3_TOTAL_COL)], b.span))
                out.append(f)
    for name, cols in (("行政复议", (4,)), ("行政诉讼", (9, 14))):
        now_total, now_vals = _t4(this.report, cols)
        prev_total, prev_vals = _t4(prev.report, cols)
        if now_total is None or prev_total is None:
            continue
        if prev_total == 0 and now_total >= settings.appear_min:
            f = rule.finding(
                f"本年因政府信息公开被申请{name} {fmt_num(now_total)} 件，{prev.label()}为 0 件，请核实表四数字。"
                + _matched(note),
                f"核对表四“{name}”的总计；数字无误的，可在第四部分简要说明。",
                cells=[CellRef("table4", 0, c) for c in cols], span=now_vals[0].span,
                location=f"表四 {name} 总计", section=4, current=fmt_num(now_total), expected="上年 0")
            f.related.append(_related(prev, [CellRef("table4", 0, c) for c in cols], prev_vals[0].span))
            out.append(f)
    return out


def check(this: Entry, prev: Entry, settings: AcrossSettings, enabled: Callable[[str], bool],
          note: str = "") -> tuple[list[Finding], list[ParseWarning]]:
    """Every year-over-year rule on one pair of reports (``prev`` is the same unit's report of last year)."""
    findings: list[Finding] = []
    doubts: list[ParseWarning] = []
    if enabled(CarryOver.id):
        f, d = carry_over(this, prev, note)
        findings += f
        doubts += d
    if enabled(StockContinuity.id):
        f, d = stock(this, prev, note)
        findings += f
        doubts += d
    if enabled(BigJump.id):
        findings += jumps(this, prev, settings, note)
    return findings, doubts
