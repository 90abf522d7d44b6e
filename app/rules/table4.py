"""Table 四 rules: the three blocks (行政复议, 直接起诉, 复议后起诉) add up; counts; blanks."""
from __future__ import annotations

from collections.abc import Iterator

from app.model import CellRef, Finding, Report
from app.rules.base import Context, Rule, fmt_num, join_sum
from app.rules.cells import BLANK_MARKS, is_count, t4_location
from app.rules.ocr_doubt import as_doubt
from app.template import T4_BLOCKS, T4_RESULTS

SECTION = 4


class T4BlockSum(Rule):
    id = "T4-BLOCK-SUM"
    family = "table4"
    severity = "error"
    title = "表四各栏：维持+纠正+其他+尚未审结 = 总计"
    doc = ("表四分行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）三栏，"
           "每栏的结果维持、结果纠正、其他结果、尚未审结四项之和应等于该栏总计。")
    source = "FORMAT.md §4.3、§7 INV-T4"
    example = "表四 行政复议：结果维持+结果纠正+其他结果+尚未审结 = 1+1+0+0 = 2，总计 = 3，相差1"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t = report.table4
        if t is None:
            ctx.not_assessed(self, "未读取到表四。")
            return
        if len(t.values) < 15:
            ctx.not_assessed(self, f"表四只读到 {len(t.values)} 个数字（应为15个）。", t.span)
            return
        for b, block in enumerate(T4_BLOCKS):
            idx = list(range(b * 5, b * 5 + 5))
            vals = [t.values[i].value for i in idx]
            if any(v is None for v in vals):
                ctx.not_assessed(self, f"表四“{block}”栏有空白或无法读取的数字。", t.span)
                continue
            parts, total = vals[:4], vals[4]
            if abs(sum(parts) - total) > 1e-9:
                finding = self.finding(
                    f"表四 {block}：结果维持+结果纠正+其他结果+尚未审结 = {join_sum(parts)} = {fmt_num(sum(parts))}，"
                    f"总计 = {fmt_num(total)}，相差{fmt_num(abs(sum(parts) - total))}",
                    f"核对“{block}”栏的四项结果与总计。",
                    cells=[CellRef("table4", 0, i) for i in [idx[4]] + idx[:4]],
                    span=t.values[idx[4]].span or t.span, location=f"表四 {block}",
                    current=f"总计 = {fmt_num(total)}",
                    expected=f"总计 应为 {fmt_num(sum(parts))}（= 四项结果之和）", section=SECTION)
                unsure = [t4_location(i) for i in idx if t.values[i].unsure]
                if unsure:  # OCR was not sure of a figure: a doubt, not an error
                    ctx.warnings.append(as_doubt(finding, unsure))
                else:
                    yield finding


class T4Integers(Rule):
    id = "T4-INTEGER"
    family = "table4"
    severity = "error"
    title = "表四数字应为非负整数"
    doc = "表四的数字是行政复议、行政诉讼的案件数，只能是0或正整数。"
    source = "FORMAT.md §7 INV-INT"
    example = "表四 行政复议 结果维持 = 1.5，案件数只能是0或正整数"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t = report.table4
        if t is None:
            ctx.not_assessed(self, "未读取到表四。")
            return
        for i, v in enumerate(t.values[:15]):
            if v.value is not None and not is_count(v.value):
                finding = self.finding(
                    f"{t4_location(i)} = {v.raw or fmt_num(v.value)}，案件数只能是0或正整数。",
                    "改为实际案件数（整数）。", cells=[CellRef("table4", 0, i)], span=v.span,
                    location=t4_location(i), current=v.raw or fmt_num(v.value), section=SECTION)
                if v.unsure:
                    ctx.warnings.append(as_doubt(finding, [t4_location(i)]))
                else:
                    yield finding


class T4Blank(Rule):
    id = "T4-BLANK"
    family = "table4"
    severity = "warning"
    title = "表四单元格空白或填“/”"
    doc = ("表四的15个数字都应填写，没有案件的填0；空白或“/”不等于0。整张表只报告一次，列出全部空白单元格。")
    source = "国办公开办函〔2021〕30号 表四；国办公开办函〔2019〕60号“严禁擅自删减报告事项”"
    example = "表四有 2 个单元格为“/”，空白不等于0：行政诉讼（复议后起诉） 结果维持、结果纠正"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t = report.table4
        if t is None:
            ctx.not_assessed(self, "未读取到表四。")
            return
        blank = [i for i, v in enumerate(t.values[:15]) if v.value is None and v.raw.strip() in BLANK_MARKS]
        if not blank:
            return
        marks = "、".join(sorted({f"“{t.values[i].raw.strip()}”" if t.values[i].raw.strip() else "空白" for i in blank}))
        groups = []
        for b, block in enumerate(T4_BLOCKS):
            mine = [i for i in blank if i // 5 == b]
            if len(mine) == 5:
                groups.append(f"{block}整栏")
            elif mine:
                groups.append(f"{block} " + "、".join(T4_RESULTS[i % 5] for i in mine))
        yield self.finding(
            f"表四有 {len(blank)} 个单元格为{marks}，空白不等于0：{'；'.join(groups)}。", "没有案件的填0。",
            cells=[CellRef("table4", 0, i) for i in blank], span=t.values[blank[0]].span or t.span,
            location="表四 空白单元格", current=f"{len(blank)} 格{marks}", expected="0 或实际件数", section=SECTION)


RULES = (T4BlockSum, T4Integers, T4Blank)
