"""Table 二 rules: counts, the fee in 万元, the signed 2019 本年增/减."""
from __future__ import annotations

from collections.abc import Iterator

from app.model import CellRef, Finding, Report, Value
from app.rules.base import Context, Rule, fmt_num
from app.rules.cells import is_count
from app.template import section2_spec

SECTION = 2


def _name(layout: str, key: str, col: int) -> str:
    label, _, cols = section2_spec(layout).get(key, (key, "", ()))
    if len(cols) > 1 and col < len(cols):
        return f"表二 “{label}” × {cols[col]}"
    return f"表二 “{label}”"


def _cells(report: Report) -> Iterator[tuple[str, int, Value]]:
    s2 = report.section2
    for key, row in s2.rows.items():
        for c, v in enumerate(row.values):
            yield key, c, v


def _is_money(layout: str, key: str, col: int) -> bool:
    if layout == "2019":
        return key == "procurement" and col == 1
    return key == "fees"


def _is_signed(layout: str, key: str, col: int) -> bool:
    return layout == "2019" and col == 1 and key in ("licensing", "other_services", "punishment", "enforcement", "fees")


class T2Numbers(Rule):
    id = "T2-NUMBER"
    family = "section2"
    severity = "error"
    title = "表二件数为非负整数、金额非负"
    doc = ("表二中的件数（制发、废止、现行有效、处理决定数量、项目数量）只能是0或正整数；"
           "行政事业性收费金额（万元）可以有小数但不能为负；2019版“本年增/减”可为负数，但须为整数。")
    source = "FORMAT.md §7 INV-INT、INV-FEE、INV-V19-DELTA"
    example = "表二 “行政处罚” = -5，件数只能是0或正整数"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.section2 is None:
            ctx.not_assessed(self, "未读取到表二。")
            return
        layout = report.section2.layout
        for key, c, v in _cells(report):
            if v.value is None:
                continue
            if _is_money(layout, key, c):
                bad, why = v.value < 0, "金额不能为负数"
            elif _is_signed(layout, key, c):
                bad, why = not float(v.value).is_integer(), "本年增/减应为整数（减少写负数）"
            else:
                bad, why = not is_count(v.value), "件数只能是0或正整数"
            if bad:
                where = _name(layout, key, c)
                yield self.finding(f"{where} = {v.raw or fmt_num(v.value)}，{why}。", "改为正确的数字。",
                                   cells=[CellRef("section2", key, c)], span=v.span, location=where,
                                   current=v.raw or fmt_num(v.value), section=SECTION)


class T2FeeUnit(Rule):
    id = "T2-FEE-UNIT"
    family = "section2"
    severity = "warning"
    title = "表二收费金额应以万元填写"
    doc = ("表二“行政事业性收费 / 本年收费金额（单位：万元）”以万元为单位。单元格内写了“元”"
           "（如“251000元”），多半是把元数填进了万元栏，金额被放大一万倍。"
           "注意它与第六部分的“信息处理费”（通常以元计）是两回事，不作比较。")
    source = "FORMAT.md §4.1、§8.5 U-01/U-02/U-05"
    example = "表二 “行政事业性收费” 填写为“251000元”，而该栏单位为万元：应为 25.1 万元"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        s2 = report.section2
        if s2 is None:
            ctx.not_assessed(self, "未读取到表二。")
            return
        for key, c, v in _cells(report):
            # only the 2021 fee cell has a printed unit (万元); the 2019 采购总金额 has none
            if s2.layout != "2021" or key != "fees" or v.value is None:
                continue
            unit = (v.unit or "").strip()
            if unit == "元" or (not unit and v.raw.strip().endswith("元") and not v.raw.strip().endswith("万元")):
                where = _name(s2.layout, key, c)
                wan = v.value / 10000
                yield self.finding(
                    f"{where} 填写为“{v.raw or fmt_num(v.value)}”，单元格内写的是“元”，而该栏单位为万元。",
                    f"换算为万元填写（{fmt_num(v.value)}元 = {fmt_num(round(wan, 4))}万元），不要在单元格内写单位。",
                    cells=[CellRef("section2", key, c)], span=v.span, location=where,
                    current=v.raw or fmt_num(v.value), expected=f"{fmt_num(round(wan, 4))}（万元）", section=SECTION)


class T2V19Delta(Rule):
    id = "T2-V19-DELTA"
    family = "section2"
    severity = "warning"
    title = "2019版表二：上一年项目数量+本年增/减 不应为负"
    doc = ("2019版表二第（五）（六）（八）项记录上一年项目数量和本年增/减（减少写负数）。"
           "两者相加是本年项目数量，不可能小于0；小于0通常是把“减少数”与“本年数”填反。")
    source = "FORMAT.md §5.1、§7 INV-V19-DELTA"
    example = "表二 “行政许可”：上一年项目数量 5 + 本年增/减 -8 = -3，项目数量不能为负"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        s2 = report.section2
        if s2 is None or s2.layout != "2019":
            return
        for key, row in s2.rows.items():
            if not _is_signed(s2.layout, key, 1) or len(row.values) < 2:
                continue
            prev, delta = row.values[0].value, row.values[1].value
            if prev is None or delta is None:
                continue
            if prev + delta < 0:
                label = section2_spec("2019")[key][0]
                yield self.finding(
                    f"表二 “{label}”：上一年项目数量 {fmt_num(prev)} + 本年增/减 {fmt_num(delta)} = "
                    f"{fmt_num(prev + delta)}，项目数量不能为负。",
                    "核对上一年项目数量与本年增减数。",
                    cells=[CellRef("section2", key, 0), CellRef("section2", key, 1)],
                    span=row.values[1].span or row.label_span, location=f"表二 “{label}”",
                    current=fmt_num(delta), section=SECTION)


RULES = (T2Numbers, T2FeeUnit, T2V19Delta)
