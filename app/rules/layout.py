"""Template rules: which official format the tables follow, fixed labels, missing items."""
from __future__ import annotations

from collections.abc import Iterator

from app.model import CellRef, Finding, Report
from app.rules.base import Context, Rule
from app.rules.text import compact_label, is_annotated
from app.template import T3_COLUMNS, section2_spec, t3_keys, t3_row_title

_PART_NAMES = {"section2": "表二（主动公开）", "table3": "表三（依申请公开）"}
_TABLE_NAMES = {"section2": "表二", "table3": "表三", "table4": "表四", "heading": "章节标题"}
_SECTION_OF = {"section2": 2, "table3": 3, "table4": 4}


def _layouts(report: Report) -> dict[str, str]:
    """Layout of each table that has one, e.g. {"section2": "2021", "table3": "2019"}."""
    out = {}
    if report.section2 is not None and report.section2.layout in ("2019", "2021"):
        out["section2"] = report.section2.layout
    if report.table3 is not None and report.table3.layout in ("2019", "2021"):
        out["table3"] = report.table3.layout
    return out


def _describe(part: str, layout: str, report: Report) -> str:
    name = _PART_NAMES[part]
    if part == "table3" and layout == "2019":
        return f"{name}按2019版（“（六）其他处理”为单行，共{len(t3_keys('2019'))}行）"
    if part == "section2" and layout == "2019":
        return f"{name}按2019版（本年新制作数量/上一年项目数量等栏目）"
    return f"{name}按{layout}版"


def _is_mixed(report: Report) -> bool:
    return report.template == "mixed" or len(set(_layouts(report).values())) > 1


class TemplateOld(Rule):
    id = "TPL-OLD-LAYOUT"
    family = "template"
    severity = "error"
    title = "2021年度起仍使用2019版格式"
    doc = ("国办公开办函〔2021〕30号印发的新格式自2021年度报告起施行。2021年及以后年度的报告"
           "如仍使用2019版（试行）表格——表二的“本年新制作数量”“上一年项目数量”“政府集中采购”，"
           "或表三“（六）其他处理”只有一行（共23行）——应改用2021版格式。")
    source = "FORMAT.md §2、§6、§8.1 V-02；国办公开办函〔2021〕30号"
    example = "2023年度报告的表三按2019版（“（六）其他处理”为单行，共23行），应使用2021版格式（25行）"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.year is None:
            ctx.not_assessed(self, "未识别出报告年度。")
            return
        if report.year < 2021 or _is_mixed(report):
            return
        layouts = _layouts(report)
        if report.template == "2019" or "2019" in layouts.values():
            parts = "，".join(_describe(p, l, report) for p, l in layouts.items()) or "表格按2019版"
            span = (report.table3.span if report.table3 else None) or (report.section2.span if report.section2 else None)
            yield self.finding(
                f"{report.year}年度报告使用了2019版（试行）格式：{parts}。",
                "按国办公开办函〔2021〕30号印发的2021版格式重新制表。", span=span,
                location="表格格式", current="2019版", expected="2021版", section=3 if "table3" in layouts else 2)


class TemplateMixed(Rule):
    id = "TPL-MIXED"
    family = "template"
    severity = "error"
    title = "新旧格式混用"
    doc = ("同一份报告的表格应统一采用一个版本的格式。部分表格按2021版、部分按2019版（例如表二已是"
           "“本年制发件数”，表三却仍只有一行“（六）其他处理”），说明套用了旧模板。2021年度起为错误，"
           "此前为警告。")
    source = "FORMAT.md §6、§8.1 V-04；国办公开办函〔2021〕30号"
    example = "2024年度报告：表二（主动公开）按2021版，表三（依申请公开）按2019版（“（六）其他处理”为单行，共23行）"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if not _is_mixed(report):
            return
        layouts = _layouts(report)
        parts = "，".join(_describe(p, l, report) for p, l in layouts.items()) or "表格标签新旧版本混杂"
        year = f"{report.year}年度报告：" if report.year else ""
        severe = report.year is None or report.year >= 2021
        old = [p for p, l in layouts.items() if l == "2019"]
        span = getattr(getattr(report, old[0]), "span", None) if old else None
        yield self.finding(
            f"{year}{parts}，新旧两版格式混用。",
            "全部表格统一按2021版格式（表三“（六）其他处理”分为3个子项，共25行）。" if severe
            else "全部表格统一按同一版本格式。",
            severity="error" if severe else "warning", span=span, location="表格格式",
            current="混用", expected="2021版" if severe else "统一版本", section=_SECTION_OF.get(old[0]) if old else None)


class TemplateNewEarly(Rule):
    id = "TPL-NEW-EARLY"
    family = "template"
    severity = "warning"
    title = "2020年度及以前使用了2021版格式"
    doc = "2021版格式从2021年度报告起使用。2020年度及以前的报告用了2021版格式，多半是报告年度写错了。"
    source = "FORMAT.md §8.1 V-03"
    example = "报告年度为2020年，但表格按2021版格式，请核对报告年度"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.year is None or report.year > 2020 or _is_mixed(report):
            return
        if report.template == "2021" or "2021" in _layouts(report).values():
            yield self.finding(f"报告年度为{report.year}年，但表格按2021版格式。", "核对报告年度是否写错。",
                               span=report.title_span, location="报告年度", current=str(report.year))


class TemplateLabel(Rule):
    id = "TPL-LABEL"
    family = "template"
    severity = "warning"
    title = "固定标签与模板不一致"
    doc = ("表格中的行名、列名、栏目名是国家格式的固定文字，不得改动。比较时忽略全角/半角、空格和编号样式"
           "（“（一）”“一、”“1.”“1、”），只要文字本身不同（如“本年度止件数”应为“本年废止件数”，"
           "“其他法律法规禁止公开”应为“其他法律行政法规禁止公开”）就提示，同时写出原文和标准写法。"
           "章节标题的常见变体只作提示。")
    source = "FORMAT.md §4、§8.2 S-03、§11；国办公开办函〔2021〕30号 附件"
    example = "表二 列名“本年度止件数”与模板“本年废止件数”不一致"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for seen in report.labels:
            if not seen.found.strip():
                continue
            if compact_label(seen.found) == compact_label(seen.canonical) or is_annotated(seen.found, seen.canonical):
                continue
            table = _TABLE_NAMES.get(seen.table, seen.table)
            heading = seen.table == "heading"
            yield self.finding(
                f"{table} 标签“{seen.found.strip()}”与模板“{seen.canonical}”不一致。",
                f"改为模板原文“{seen.canonical}”。", severity="info" if heading else "warning",
                span=seen.span, location=f"{table} “{seen.canonical}”", current=seen.found.strip(),
                expected=seen.canonical,
                section=(report.section_at(seen.span[0]) if seen.span else None) or _SECTION_OF.get(seen.table))


class TemplateMissing(Rule):
    id = "TPL-MISSING"
    family = "template"
    severity = "error"
    title = "表格缺少行、栏目或列"
    doc = ("国家格式要求表格的每一行、每一栏目、每一列都必须列出，数字为0也不能删去"
           "（“不能遗漏”“严禁擅自删减报告事项”）。表三2021版25行×7列，2019版23行×7列；"
           "表四15个数字；表二2021版4个栏目10个数字。")
    source = "FORMAT.md §8.2 S-05；国办公开办函〔2021〕30号“不能遗漏”"
    example = "表三缺少“（五）不予处理 4.无正当理由大量反复申请”一行"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t3 = report.table3
        if t3 is not None:
            missing = [k for k in t3_keys(t3.layout) if k not in t3.rows]
            if missing:
                names = "、".join(f"“{t3_row_title(k)}”" for k in missing)
                yield self.finding(f"表三缺少{len(missing)}行：{names}。", "按模板补全缺少的行，没有发生的填0。",
                                   span=t3.span, location="表三", current=f"缺{len(missing)}行",
                                   expected=f"{len(t3_keys(t3.layout))}行齐全", section=3)
            for key in t3_keys(t3.layout):
                row = t3.rows.get(key)
                if row is not None and len(row.values) < len(T3_COLUMNS):
                    lost = "、".join(T3_COLUMNS[len(row.values):])
                    yield self.finding(
                        f"表三 “{t3_row_title(key)}” 行只有{len(row.values)}个数字，缺少 {lost} 列。",
                        "补全该行7列数字。", cells=[CellRef("table3", key, c) for c in range(len(row.values), 7)],
                        span=row.label_span, location=f"表三 “{t3_row_title(key)}”",
                        current=f"{len(row.values)}列", expected="7列", section=3)
        t4 = report.table4
        if t4 is not None and len(t4.values) < 15:
            yield self.finding(f"表四只有{len(t4.values)}个数字，应为15个（行政复议、直接起诉、复议后起诉各5个）。",
                               "按模板补全表四。", span=t4.span, location="表四",
                               current=f"{len(t4.values)}个", expected="15个", section=4)
        s2 = report.section2
        if s2 is not None:
            spec = section2_spec(s2.layout)
            missing = [k for k in spec if k not in s2.rows]
            if missing:
                names = "、".join(f"“{spec[k][0]}”" for k in missing)
                yield self.finding(f"表二缺少{names}。", "按模板补全表二各栏目，没有发生的填0。",
                                   span=s2.span, location="表二", current=f"缺{len(missing)}项", section=2)
            for key, row in s2.rows.items():
                want = len(spec.get(key, (None, None, ()))[2])
                if want and len(row.values) < want:
                    label, _, cols = spec[key]
                    yield self.finding(
                        f"表二 “{label}” 只有{len(row.values)}个数字，缺少 {'、'.join(cols[len(row.values):])}。",
                        "补全该行数字。", cells=[CellRef("section2", key, c) for c in range(len(row.values), want)],
                        span=row.label_span, location=f"表二 “{label}”", section=2)
        present = {s.number for s in report.sections}
        for part, number, name in (("section2", 2, "表二"), ("table3", 3, "表三"), ("table4", 4, "表四")):
            if getattr(report, part) is None and number in present:
                sec = report.section(number)
                yield self.finding(
                    f"第{'一二三四五六'[number - 1]}部分中未找到{name}（表格缺失，或仅以图片形式给出）。",
                    f"按模板在第{'一二三四五六'[number - 1]}部分列出{name}，并以文字表格发布。",
                    severity="warning", span=sec.heading_span if sec else None, location=name, section=number)


RULES = (TemplateOld, TemplateMixed, TemplateNewEarly, TemplateLabel, TemplateMissing)
