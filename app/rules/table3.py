"""Table 三 rules: balance, 总计 sums, row sums, the one-wrong-cell finding, integers, blanks."""
from __future__ import annotations

from collections.abc import Iterator

from app.model import CellRef, Finding, Report, Span, Value
from app.rules.base import Context, Rule, fmt_num, join_sum
from app.rules.cells import BLANK_MARKS, is_count, t3_location
from app.rules.ocr_doubt import as_doubt, resolved_doubt
from app.rules.t3_equations import Analysis, Cell, Equation, analyse
from app.template import T3_COLUMNS, T3_TOTAL_COL, t3_keys, t3_row_title

SECTION = 3


def _analysis(report: Report, ctx: Context) -> Analysis | None:
    if report.table3 is None:
        return None
    if "t3" not in ctx.cache:
        ctx.cache["t3"] = analysis = analyse(report.table3)
        for cell, value in analysis.resolved.items():  # OCR: said once, whichever rule asks first
            v = report.table3.rows[cell[0]].values[cell[1]]
            ctx.warnings.append(resolved_doubt(t3_location(cell), v.doubt.read, value, v.span))
    return ctx.cache["t3"]


def _unsure(analysis: Analysis, cells) -> list[str]:
    """The OCR-uncertain cells among ``cells``, named for the auditor."""
    return [t3_location(c) for c in dict.fromkeys(cells) if c in analysis.doubtful]


def _ref(cell: Cell) -> CellRef:
    return CellRef("table3", cell[0], cell[1])


def _span(report: Report, cell: Cell) -> Span | None:
    row = report.table3.rows.get(cell[0]) if report.table3 else None
    if row is None:
        return report.table3.span if report.table3 else None
    if cell[1] < len(row.values) and row.values[cell[1]].span:
        return row.values[cell[1]].span
    return row.label_span or report.table3.span


def _col_name(c: int) -> str:
    return f"第{c + 1}列（{T3_COLUMNS[c]}）"


class _T3Equations(Rule):
    """Shared body of the three equation rules: report failing equations not explained by one cell."""

    family = "table3"
    severity = "error"
    kind: str = ""

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        analysis = _analysis(report, ctx)
        if analysis is None:
            ctx.not_assessed(self, "未读取到表三。")
            return
        mine = [i for i, eq in enumerate(analysis.equations) if eq.kind == self.kind]
        if not mine:
            ctx.not_assessed(self, "表三缺少计算所需的行。", report.table3.span)
            return
        blocked = [i for i in mine if analysis.residual[i] is None]
        if blocked:
            where = "、".join(sorted({t3_location(c) for i in blocked for c in analysis.unknown[i]})[:4])
            ctx.not_assessed(self, f"{len(blocked)} 个勾稽关系含空白或无法读取的单元格（如 {where}）。",
                             report.table3.span)
        explained = analysis.explained() if ctx.enabled(T3SingleCell.id) else set()
        for i in mine:
            if i in analysis.failing() and i not in explained:
                finding = self.describe(report, analysis.equations[i], analysis.residual[i])
                unsure = _unsure(analysis, analysis.equations[i].cells)
                if unsure:
                    ctx.warnings.append(as_doubt(finding, unsure))
                else:
                    yield finding

    def describe(self, report: Report, eq: Equation, residual: float) -> Finding:
        raise NotImplementedError


class T3ColumnBalance(_T3Equations):
    id = "T3-COL-BALANCE"
    kind = "COL"
    title = "表三列平衡：一+二 = (七)总计+四"
    doc = ("表三每一列都必须满足表格左上角注明的勾稽关系：第一项（本年新收）加第二项（上年结转）之和，"
           "等于第三项（本年度办理结果，即（七）总计）加第四项（结转下年度继续办理）之和。"
           "不成立说明某个数字填错或漏填。")
    source = "FORMAT.md §7 INV-T3-COL；国办公开办函〔2021〕30号 表三角注"
    example = "第3列（科研机构）：一+二 = 5+0 = 5，(七)总计+四 = 4+0 = 4，相差1"

    def describe(self, report: Report, eq: Equation, residual: float) -> Finding:
        t = report.table3
        c = int(eq.index)
        new, co, tot, cf = (t.value(k, c) for k in ("new", "carried_over", "total", "carry_forward"))
        left, right = new + co, tot + cf
        if left - cf >= 0:
            expected = f"(七)总计 应为 {fmt_num(left - cf)}（= 一+二 − 四）"
        elif left - tot >= 0:
            expected = f"四、结转下年度 应为 {fmt_num(left - tot)}（= 一+二 − (七)总计）"
        else:
            expected = f"一+二 应等于 (七)总计+四 = {fmt_num(right)}"
        return self.finding(
            f"{_col_name(c)}：一+二 = {fmt_num(new)}+{fmt_num(co)} = {fmt_num(left)}，"
            f"(七)总计+四 = {fmt_num(tot)}+{fmt_num(cf)} = {fmt_num(right)}，相差{fmt_num(abs(residual))}",
            f"核对{T3_COLUMNS[c]}列的本年新收、上年结转、(七)总计和结转下年度四个数字，使一+二 = (七)总计+四。",
            cells=[_ref(x) for x in eq.cells], span=_span(report, ("total", c)),
            location=f"表三 {T3_COLUMNS[c]}列", current=f"(七)总计 = {fmt_num(tot)}",
            expected=expected, section=SECTION)


class T3TotalSum(_T3Equations):
    id = "T3-TOTAL-SUM"
    kind = "TOT"
    title = "表三（七）总计 = 各办理结果之和"
    doc = ("（七）总计是本年度办理结果各行（予以公开、部分公开、不予公开1–8、无法提供1–3、不予处理1–5、"
           "其他处理1–3，2019版为单行“（六）其他处理”）之和，每件申请只计一次。"
           "不成立说明某一办理结果填错，或部分公开被重复计入其他情形。")
    source = "FORMAT.md §7 INV-T3-TOT；表三（二）部分公开标签注释"
    example = "第1列（自然人）：(七)总计 = 57，办理结果各行之和 = 56（予以公开 55，行政执法案卷 1），相差1"

    def describe(self, report: Report, eq: Equation, residual: float) -> Finding:
        t = report.table3
        c = int(eq.index)
        total = t.value("total", c)
        parts = [(k, t.value(k, c)) for k, _ in eq.lhs]
        s = sum(v for _, v in parts)
        nonzero = "，".join(f"{t3_row_title(k)} {fmt_num(v)}" for k, v in parts if v)
        detail = f"（{nonzero}）" if nonzero else ""
        return self.finding(
            f"{_col_name(c)}：(七)总计 = {fmt_num(total)}，办理结果各行之和 = {fmt_num(s)}{detail}，相差{fmt_num(abs(residual))}",
            f"逐行核对{T3_COLUMNS[c]}列各办理结果与(七)总计；部分公开的申请只计入“（二）部分公开”一行。",
            cells=[_ref(("total", c))] + [_ref(x) for x in eq.lhs], span=_span(report, ("total", c)),
            location=f"表三 “（七）总计” × {T3_COLUMNS[c]}", current=fmt_num(total),
            expected=f"(七)总计 应为 {fmt_num(s)}（= 办理结果各行之和）", section=SECTION)


class T3RowSum(_T3Equations):
    id = "T3-ROW-SUM"
    kind = "ROW"
    title = "表三行合计：总计列 = 六类申请人之和"
    doc = ("表三每一行的“总计”列应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。"
           "不成立说明该行某一申请人类别或总计填错。")
    source = "FORMAT.md §7 INV-T3-ROW；表三表头（申请人情况/总计）"
    example = "“（一）予以公开”行：六类申请人之和 = 55+0+0+0+0+0 = 55，总计列 = 56，相差1"

    def describe(self, report: Report, eq: Equation, residual: float) -> Finding:
        t = report.table3
        key = str(eq.index)
        vals = [t.value(*x) for x in eq.lhs]
        total = t.value(key, T3_TOTAL_COL)
        s = sum(vals)
        return self.finding(
            f"“{t3_row_title(key)}”行：六类申请人之和 = {join_sum(vals)} = {fmt_num(s)}，总计列 = {fmt_num(total)}，"
            f"相差{fmt_num(abs(residual))}",
            f"核对“{t3_row_title(key)}”一行各申请人类别的数字与总计列。",
            cells=[_ref((key, T3_TOTAL_COL))] + [_ref(x) for x in eq.lhs], span=_span(report, (key, T3_TOTAL_COL)),
            location=f"表三 “{t3_row_title(key)}” × 总计", current=fmt_num(total),
            expected=f"总计 应为 {fmt_num(s)}（= 六类申请人之和）", section=SECTION)


_KIND_TEXT = {"COL": "列平衡（一+二 = (七)总计+四）", "TOT": "(七)总计 = 各办理结果之和", "ROW": "行合计"}


class T3SingleCell(Rule):
    id = "T3-CELL"
    family = "table3"
    severity = "error"
    title = "表三单元格数值有误（多个勾稽关系指向同一格）"
    doc = ("当同一个单元格所在的全部勾稽关系（行合计、(七)总计列和、列平衡）同时不成立，且把这一格改成"
           "同一个数就能使它们全部成立时，错误几乎可以确定就在这一格。此时只报告这一格一次，"
           "不再逐条重复报告各个勾稽关系。")
    source = "FORMAT.md §7 INV-T3-DER（用于定位）"
    example = "表三 “（三）不予公开 7.属于行政执法案卷” × 自然人 = 2，与行合计、(七)总计两处勾稽关系矛盾；应为 1"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        analysis = _analysis(report, ctx)
        if analysis is None:
            ctx.not_assessed(self, "未读取到表三。")
            return
        for group, error, involved in analysis.located:
            t = report.table3
            kinds = "、".join(dict.fromkeys(_KIND_TEXT[analysis.equations[i].kind] for i in involved))
            seen: list[Cell] = list(group)
            for i in involved:
                for c in analysis.equations[i].cells:
                    if c not in seen:
                        seen.append(c)
            more = "多" if error > 0 else "少"
            values = [t.value(*c) for c in group]
            rights = [v - error for v in values]
            if len(group) == 1:
                where, now, right = t3_location(group[0]), fmt_num(values[0]), fmt_num(rights[0])
                message = (f"{where} = {now}，使{len(involved)}个勾稽关系（{kinds}）同时不成立；"
                           f"若此格为 {right}，这些关系全部成立（现值{more}了{fmt_num(abs(error))}）。")
                suggestion = f"核对{where}的原始台账数字，很可能应为 {right}。"
            else:
                key = group[0][0]
                cols = "与".join(T3_COLUMNS[c[1]] for c in group)
                where = f"表三 “{t3_row_title(key)}” × {cols}"
                now = "、".join(fmt_num(v) for v in values)
                right = "、".join(fmt_num(v) for v in rights)
                message = (f"{where} 两格分别为 {now}，都{more}了{fmt_num(abs(error))}（行合计仍成立），"
                           f"使{len(involved)}个勾稽关系（{kinds}）同时不成立；若两格分别为 {right}，这些关系全部成立。")
                suggestion = f"核对{where}两格的原始台账数字，很可能应分别为 {right}。"
            finding = self.finding(message, suggestion, cells=[_ref(c) for c in seen], span=_span(report, group[0]),
                                   location=where, current=now, expected=f"{right}（使{kinds}同时成立）",
                                   section=SECTION)
            unsure = _unsure(analysis, seen)
            if unsure:
                ctx.warnings.append(as_doubt(finding, unsure))
            else:
                yield finding


class T3Integers(Rule):
    id = "T3-INTEGER"
    family = "table3"
    severity = "error"
    title = "表三数字应为非负整数"
    doc = "表三的每个数字都是申请件数，只能是0或正整数；小数、负数或百分数都是填写错误。"
    source = "FORMAT.md §7 INV-INT、§8.5 U-04"
    example = "表三 “（一）予以公开” × 自然人 = -3，件数不能为负数或小数"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t = report.table3
        if t is None:
            ctx.not_assessed(self, "未读取到表三。")
            return
        for key in t3_keys(t.layout):
            row = t.rows.get(key)
            for c, v in enumerate(row.values[:len(T3_COLUMNS)] if row else []):
                if v.value is not None and not is_count(v.value):
                    finding = self.finding(
                        f"{t3_location((key, c))} = {v.raw or fmt_num(v.value)}，件数只能是0或正整数。",
                        "改为实际办理的件数（整数）。", cells=[_ref((key, c))], span=v.span,
                        location=t3_location((key, c)), current=v.raw or fmt_num(v.value), section=SECTION)
                    if v.unsure:
                        ctx.warnings.append(as_doubt(finding, [t3_location((key, c))]))
                    else:
                        yield finding


class T3Blank(Rule):
    id = "T3-BLANK"
    family = "table3"
    severity = "warning"
    title = "表三单元格空白或填“/”"
    doc = ("表三每个单元格都应填写数字，没有发生的填0。空白、“/”、“-”、“无”不等于0，"
           "会使勾稽关系无法核对，也不符合“严禁擅自删减报告事项”的要求。整张表只报告一次，"
           "列出全部空白单元格（整列或整行空白的合并说明），以免淹没其他问题。")
    source = "国办公开办函〔2021〕30号 表三；国办公开办函〔2019〕60号“严禁擅自删减报告事项”"
    example = "表三有 2 个单元格为“/”，空白不等于0：“二、上年结转政府信息公开申请数量”行的商业企业、科研机构"

    def run(self, report: Report, ctx: Context) -> Iterator[Finding]:
        t = report.table3
        if t is None:
            ctx.not_assessed(self, "未读取到表三。")
            return
        keys = [k for k in t3_keys(t.layout) if k in t.rows]
        blank: list[tuple[str, int, Value]] = []
        for key in keys:
            blank += [(key, c, v) for c, v in enumerate(t.rows[key].values[:len(T3_COLUMNS)])
                      if v.value is None and v.raw.strip() in BLANK_MARKS]
        if not blank:
            return
        where = _blank_places(keys, blank)
        marks = "、".join(sorted({f"“{v.raw.strip()}”" if v.raw.strip() else "空白" for _, _, v in blank}))
        first = blank[0]
        yield self.finding(
            f"表三有 {len(blank)} 个单元格为{marks}，空白不等于0：{where}。",
            "没有发生的填0，有数字的填实际件数。", cells=[_ref((k, c)) for k, c, _ in blank],
            span=first[2].span or t.rows[first[0]].label_span or t.span, location="表三 空白单元格",
            current=f"{len(blank)} 格{marks}", expected="0 或实际件数", section=SECTION)


def _blank_places(keys: list[str], blank: list[tuple[str, int, Value]]) -> str:
    """Where the blanks are, briefly: whole columns, whole rows, then the remaining cells by row."""
    cells = {(k, c) for k, c, _ in blank}
    cols = [c for c in range(len(T3_COLUMNS)) if all((k, c) in cells for k in keys)]
    rest = {(k, c) for k, c in cells if c not in cols}
    rows = [k for k in keys if all((k, c) in rest for c in range(len(T3_COLUMNS)) if c not in cols)
            and any((k, c) in rest for c in range(len(T3_COLUMNS)))]
    parts = []
    if len(cols) == len(T3_COLUMNS):
        return "整张表全部空白"
    if cols:
        parts.append("、".join(T3_COLUMNS[c] for c in cols) + "列全部空白")
    if rows:
        parts.append("“" + "”“".join(t3_row_title(k) for k in rows) + "”行其余各列")
    for k in keys:
        cs = [c for c in range(len(T3_COLUMNS)) if (k, c) in rest and k not in rows]
        if cs:
            parts.append(f"“{t3_row_title(k)}”行的{'、'.join(T3_COLUMNS[c] for c in cs)}")
    return "；".join(parts)


RULES = (T3SingleCell, T3ColumnBalance, T3TotalSum, T3RowSum, T3Integers, T3Blank)
