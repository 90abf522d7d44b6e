"""Cross-check a grid reading against the document's own text layer (PDF).

The ruled grid is the better witness of which number sits in which cell, so it wins;
but where the text layer reads a different number for the same cell, the auditor is
told, because one of the two readings is then wrong and only the original can say which.
"""
from __future__ import annotations

from app.model import ParseWarning, Table3, Table4
from app.template import T3_COLUMNS, t3_row_title, t4_column_title


def _t3_pairs(grid: Table3, text: Table3):
    for key, row in grid.rows.items():
        other = text.rows.get(key)
        if other is None:
            continue
        for col, (a, b) in enumerate(zip(row.values, other.values)):
            yield f"表三“{t3_row_title(key)}”×{T3_COLUMNS[col]}", a, b


def _t4_pairs(grid: Table4, text: Table4):
    for col, (a, b) in enumerate(zip(grid.values, text.values)):
        yield f"表四 {t4_column_title(col)}", a, b


def disagreements(grid3: Table3 | None, text3: Table3 | None,
                  grid4: Table4 | None, text4: Table4 | None) -> list[ParseWarning]:
    """One warning naming how many cells differ and the first of them."""
    diffs = []
    if grid3 is not None and text3 is not None and grid3.layout == text3.layout:
        diffs += [d for d in _t3_pairs(grid3, text3) if None not in (d[1].value, d[2].value)
                  and d[1].value != d[2].value]
    if grid4 is not None and text4 is not None:
        diffs += [d for d in _t4_pairs(grid4, text4) if None not in (d[1].value, d[2].value)
                  and d[1].value != d[2].value]
    if not diffs:
        return []
    where, g, t = diffs[0]
    more = f"等{len(diffs)}处" if len(diffs) > 1 else ""
    return [ParseWarning(
        "grid-text-disagree",
        f"表格框线与 PDF 文字层读出的数字不一致：{where} 框线为 {g.value}，文字层为 {t.value}{more}。"
        "已采用表格框线的读数，请对照原件核对。",
        g.span, where)]
