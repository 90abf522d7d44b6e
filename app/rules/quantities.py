"""The table figures a sentence of the report can name, each as a sum of cells.

A narrative statement ("受理政府信息公开申请 17 件", "予以公开及部分公开 59 件") names one
of these quantities, or a sum of several. Naming them by a short key keeps the statement
extractor free of table geometry, and gives every message the same wording for a figure.

Keys:
- ``t3.<row>``: a table-三 row (总计 column), ``t3.deny`` / ``t3.unable`` / ``t3.ignore`` /
  ``t3.other``: a group of rows; ``t3.<row>@<col>``: one applicant column (``np`` 自然人,
  ``legal`` 法人或其他组织 = the five columns, or ``biz``/``res``/``ngo``/``law``/``oth``).
- ``t4.<block>.<result>``: block ``rv`` 行政复议, ``ld`` 直接起诉, ``la`` 复议后起诉, ``lit`` both
  lawsuit blocks; result ``maintain``/``correct``/``other``/``pending``/``total``.
- ``t2.<row>.<col>``: ``reg``/``norm`` × ``made``/``repealed``/``valid``; ``t2.licensing``,
  ``t2.punishment``, ``t2.enforcement`` (处理决定数量), ``t2.fees`` (万元).
"""
from __future__ import annotations

from dataclasses import dataclass

from app.model import CellRef, Report
from app.template import T3_LABELS, T3_TOTAL_COL, T4_BLOCKS, T4_RESULTS, t3_keys

_GROUPS = {"deny": "（三）不予公开", "unable": "（四）无法提供", "ignore": "（五）不予处理", "other": "（六）其他处理"}
_SHORT_ROWS = {
    "new": "本年新收", "carried_over": "上年结转", "total": "办结总数", "carry_forward": "结转下年度",
    "open": "予以公开", "partial": "部分公开",
}
_COLS = {"np": (0,), "legal": (1, 2, 3, 4, 5), "biz": (1,), "res": (2,), "ngo": (3,), "law": (4,), "oth": (5,)}
_COL_NAMES = {"np": "自然人", "legal": "法人或其他组织", "biz": "商业企业", "res": "科研机构", "ngo": "社会公益组织",
              "law": "法律服务机构", "oth": "其他"}
_BLOCKS = {"rv": (0,), "ld": (1,), "la": (2,), "lit": (1, 2)}
_BLOCK_NAMES = {"rv": "行政复议", "ld": "行政诉讼（直接起诉）", "la": "行政诉讼（复议后起诉）", "lit": "行政诉讼"}
_RESULTS = {"maintain": 0, "correct": 1, "other": 2, "pending": 3, "total": 4}
_T2_COLS = {"made": 0, "repealed": 1, "valid": 2}
_T2_NAMES = {"reg": ("regulations", "规章"), "norm": ("normative_docs", "行政规范性文件")}
_T2_COL_NAMES = {"made": "本年制发", "repealed": "本年废止", "valid": "现行有效"}
_T2_SINGLE = {"licensing": "行政许可", "punishment": "行政处罚", "enforcement": "行政强制", "fees": "行政事业性收费"}

# The rows that make up (七)总计, by group (used for enumerations of outcomes).
OUTCOME_GROUPS: tuple[str, ...] = ("open", "partial", "deny", "unable", "ignore", "other")


@dataclass(frozen=True)
class Quantity:
    """A named table figure: the cells it sums, how a message names it, and its value."""

    key: str
    name: str  # as in a message: 表三“一、本年新收政府信息公开申请数量”总计
    short: str  # as in a sum: 本年新收
    cells: tuple[CellRef, ...]
    value: float | None  # None when a cell is blank or unreadable


def t3_group_rows(group: str, layout: str) -> tuple[str, ...]:
    """The row keys of a table-三 group in this layout ("other" is one row in 2019)."""
    return tuple(k for k in t3_keys(layout) if k == group or k.startswith(group + "_"))


def _t3(report: Report, key: str) -> Quantity | None:
    t = report.table3
    if t is None:
        return None
    row, _, col = key[3:].partition("@")
    cols = _COLS[col] if col else (T3_TOTAL_COL,)
    rows = t3_group_rows(row, t.layout) if row in _GROUPS else (row,)
    if not rows or any(r not in t3_keys(t.layout) for r in rows):
        return None
    cells = tuple(CellRef("table3", r, c) for r in rows for c in cols)
    values = [t.value(r, c) for r in rows for c in cols]
    if row in _GROUPS:
        label = _GROUPS[row]
        short = label[3:]
    else:
        label = T3_LABELS[row]
        short = _SHORT_ROWS.get(row) or label.split(".", 1)[-1]
    where = _COL_NAMES[col] if col else ("" if row == "total" else "总计")  # “（七）总计”总计 says it twice
    name = f"表三“{label}”{'各项' if len(rows) > 1 else ''}{where}"
    if col:
        short = f"{short}（{_COL_NAMES[col]}）"
    value = None if any(v is None for v in values) else float(sum(values))
    return Quantity(key, name, short, cells, value)


def _t4(report: Report, key: str) -> Quantity | None:
    t = report.table4
    if t is None or len(t.values) < 15:
        return None
    _, block, result = key.split(".")
    idx = [b * 5 + _RESULTS[result] for b in _BLOCKS[block]]
    values = [t.values[i].value for i in idx]
    label = T4_RESULTS[_RESULTS[result]]
    if block == "lit":
        name = f"表四 行政诉讼{label}（直接起诉与复议后起诉两栏之和）"
    else:
        name = f"表四 {T4_BLOCKS[_BLOCKS[block][0]]} {label}"
    short = f"{_BLOCK_NAMES[block]}{label}"
    value = None if any(v is None for v in values) else float(sum(values))
    return Quantity(key, name, short, tuple(CellRef("table4", 0, i) for i in idx), value)


def _t2(report: Report, key: str) -> Quantity | None:
    s2 = report.section2
    if s2 is None:
        return None
    parts = key.split(".")
    if parts[1] in _T2_NAMES:
        if s2.layout == "2019":  # 本年新制作/新公开/对外公开总数 mean other things
            return None
        row, label = _T2_NAMES[parts[1]]
        col = _T2_COLS[parts[2]]
        name = f"表二“{label}”{_T2_COL_NAMES[parts[2]]}件数"
        short = f"{_T2_COL_NAMES[parts[2]]}{label}"
    else:
        row, label = parts[1], _T2_SINGLE[parts[1]]
        if s2.layout == "2019":
            if row == "fees":  # 2019: item counts, no amount
                return None
            col = 2  # 处理决定数量
        else:
            col = 0
        name = f"表二“{label}”{'本年收费金额（万元）' if row == 'fees' else '本年处理决定数量'}"
        short = label
    r = s2.rows.get(row)
    if r is None or col >= len(r.values):
        return None
    return Quantity(key, name, short, (CellRef("section2", row, col),), r.values[col].value)


def quantity(report: Report, key: str) -> Quantity | None:
    """The quantity ``key`` names in this report; None when its table or row is absent."""
    if key.startswith("t3."):
        return _t3(report, key)
    if key.startswith("t4."):
        return _t4(report, key)
    if key.startswith("t2."):
        return _t2(report, key)
    return None


def combined(report: Report, keys: tuple[str, ...]) -> Quantity | None:
    """The sum of several quantities ("予以公开及部分公开"), or the single one."""
    qs = [quantity(report, k) for k in keys]
    if not qs or any(q is None for q in qs):
        return None
    if len(qs) == 1:
        return qs[0]
    value = None if any(q.value is None for q in qs) else sum(q.value for q in qs)
    cells = tuple(dict.fromkeys(c for q in qs for c in q.cells))
    names = [qs[0].name] + [q.name[2:] if q.name[:2] == qs[0].name[:2] else q.name for q in qs[1:]]
    return Quantity("+".join(keys), "与".join(names) + "之和", "+".join(q.short for q in qs), cells, value)
