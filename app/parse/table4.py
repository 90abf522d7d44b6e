"""Table 四: 15 numbers in canonical order, found as a run after the 行政复议 header.

Header text is not relied on (PDFs split it per character): the first run of at least
15 values after the table's first ``行政复议`` is the data row (FORMAT.md §11).
"""
from __future__ import annotations

from app.model import ParseWarning, Table4, Value
from app.parse.glued import blocks_hold, split_glued, splittable
from app.parse.tokens import LogicalRow


def _trim_blanks(values: list[Value], n: int) -> list[Value]:
    vals = list(values)
    while len(vals) > n and vals[-1].value is None:
        vals.pop()
    while len(vals) > n and vals[0].value is None:
        vals.pop(0)
    return vals


def read_table4(rows: list[LogicalRow], warnings: list[ParseWarning]) -> Table4 | None:
    for row in rows:
        if len(row.values) < 15:
            continue
        vals = _trim_blanks(row.values, 15)
        if len(vals) > 15:
            warnings.append(ParseWarning(
                "t4-width", f"表四读到{len(vals)}个数（应为15个），暂取前15个，请核对", vals[0].span, "表四"))
            vals = vals[:15]
        spans = [v.span for v in vals if v.span]
        span = (spans[0][0], spans[-1][1]) if spans else None
        return Table4(vals, span)
    # Fallback: the numbers are split into several runs (e.g. by header fragments).
    flat = [v for r in rows for v in r.values]
    if len(flat) == 15:
        warnings.append(ParseWarning("t4-split", "表四的15个数分散在多处，已按出现顺序读取，请核对",
                                     flat[0].span, "表四"))
        spans = [v.span for v in flat if v.span]
        return Table4(flat, (spans[0][0], spans[-1][1]) if spans else None)
    if splittable(flat, 15):
        return _glued(flat, warnings)
    return None


def _glued(flat: list[Value], warnings: list[ParseWarning]) -> Table4:
    """Fewer than 15 numbers, all plain digits: cells glued together. Cut them only where the
    three block sums (结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计) allow one way alone."""
    digits = "".join(v.raw for v in flat)
    readings = split_glued(flat, 15, blocks_hold)
    spans = [v.span for v in flat if v.span]
    span = (spans[0][0], spans[-1][1]) if spans else None
    if len(readings) == 1:
        warnings.append(ParseWarning(
            "t4-glued", f"表四的数字粘连在一起（{digits}），按各栏“总计 = 四项之和”只有一种拆法，已拆成15个数，请核对",
            flat[0].span, "表四"))
        return Table4(readings[0], span)
    warnings.append(ParseWarning(
        "t4-glued", f"表四的数字粘连在一起（{digits}），无法确定如何拆成15个数，视为无法读取", flat[0].span, "表四"))
    return Table4([Value(None) for _ in range(15)], span)
