"""The county's aggregate report against the sum of its units' reports (set by the auditor).

A county (区) government often publishes a report that sums up its townships and
departments. When the auditor marks it so, its table 三 is compared with the sum of the
other units' reports of the same year in the batch. A county report may count only its
own office, or units that did not report separately, so a difference is only worth a
look (info), and the message says so.
"""
from __future__ import annotations

from app.across.library import Entry
from app.model import CellRef, Finding, RelatedRef
from app.rules.base import fmt_num
from app.rules.cross import AggregateSum
from app.template import T3_LABELS, T3_TOTAL_COL

#: The rows compared (their 总计 column).
ROWS = ("new", "carried_over", "open", "partial", "total", "carry_forward")


def _total(entry: Entry, key: str) -> float | None:
    t3 = entry.report.table3 if entry.report is not None else None
    return t3.value(key, T3_TOTAL_COL) if t3 is not None else None


def compare(aggregate: Entry, parts: list[Entry]) -> Finding | None:
    """AGG-T3-SUM for one aggregate report and the reports of its units (same year)."""
    if not parts or aggregate.report is None or aggregate.report.table3 is None:
        return None
    lines, cells = [], []
    for key in ROWS:
        mine = _total(aggregate, key)
        values = [_total(p, key) for p in parts]
        known = [v for v in values if v is not None]
        if mine is None or not known:
            continue
        summed = sum(known)
        if summed == mine:
            continue
        gap = f"（另有 {len(values) - len(known)} 份未读出）" if len(known) < len(values) else ""
        lines.append(f"“{T3_LABELS[key]}”总计：汇总报告 {fmt_num(mine)}，各单位合计 {fmt_num(summed)}{gap}")
        cells.append(CellRef("table3", key, T3_TOTAL_COL))
    if not lines:
        return None
    rule = AggregateSum()
    message = (f"本报告已标为全县（区）汇总报告，表三与同年度 {len(parts)} 份单位报告的合计不同：" + "；".join(lines)
               + "。县级报告可以只统计本级，或另含未单独报告的单位，不必恰好等于各单位之和，仅供参考。")
    f = rule.finding(message, "核对汇总口径：如汇总报告应包含各单位数据，请核实差异；口径不同的，可在报告中说明统计范围。",
                     cells=cells, location="表三 全县汇总", section=3)
    f.related = [RelatedRef(file=p.path, cells=list(cells), span=None, org=p.org, year=p.year, doc_id=p.doc_id)
                 for p in parts]
    return f
