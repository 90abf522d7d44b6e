"""The county overview of a batch (no Qt): statuses, findings by rule and by unit, county figures.

One plain object that the 总览 view and the overview sheet of the summary workbook both
draw, so that the window and the file always say the same. Findings are counted as they
go out (confirmed and undecided; dismissed ones stay home). County figures are summed
over one report per unit and year — a revision does not count twice, and a report the
auditor marked as the county aggregate is shown beside the sum, not inside it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.model import REPORT_STATES, SEVERITIES, AuditResult
from app.template import T3_TOTAL_COL

UNREADABLE = "无法读取"
TOP_UNITS = 10


@dataclass
class RuleCount:
    rule: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SEVERITIES})
    paths: set[str] = field(default_factory=set)  # the reports with this rule's findings

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def severity(self) -> str:
        return next((s for s in SEVERITIES if self.counts[s]), "info")


@dataclass
class UnitRow:
    path: str
    org: str
    year: int | None
    status: str
    counts: dict[str, int]
    applications: float | None  # 表三 一、本年新收 总计
    aggregate: bool = False


@dataclass
class Figure:
    """One county figure for one year: the sum over units, how many were read and how many not."""

    label: str
    value: float = 0
    known: int = 0
    unknown: int = 0
    aggregate: float | None = None  # the figure in the report marked as the county aggregate


@dataclass
class Overview:
    total: int = 0
    unit_count: int = 0  # distinct units among the readable reports
    by_status: dict[str, int] = field(default_factory=dict)  # REPORT_STATES + 无法读取
    by_rule: list[RuleCount] = field(default_factory=list)  # most findings first
    units: list[UnitRow] = field(default_factory=list)  # in batch order
    years: list[int] = field(default_factory=list)  # years of the county figures, the main one first
    figures: dict[int, list[Figure]] = field(default_factory=dict)
    similar: int = 0  # reports with a 雷同 finding

    def top_errors(self, n: int = TOP_UNITS) -> list[UnitRow]:
        rows = [u for u in self.units if u.counts["error"]]
        rows.sort(key=lambda u: (-u.counts["error"], -u.counts["warning"], u.org))
        return rows[:n]

    def main_year(self) -> int | None:
        return self.years[0] if self.years else None


#: County figures: label, and how to read it from a report (None: not read).
def _t3(report, keys: Iterable[str]) -> float | None:
    t3 = report.table3
    if t3 is None:
        return None
    present = [k for k in keys if k in t3.rows]
    if not present:
        return None
    values = [t3.value(k, T3_TOTAL_COL) for k in present]
    return None if any(v is None for v in values) else sum(values)


def _t4(report, cols: Iterable[int]) -> float | None:
    t4 = report.table4
    if t4 is None or len(t4.values) < 15:
        return None
    values = [t4.values[c].value for c in cols]
    return None if any(v is None for v in values) else sum(values)


FIGURES: tuple[tuple[str, Callable], ...] = (
    ("本年新收申请", lambda r: _t3(r, ("new",))),
    ("上年结转申请", lambda r: _t3(r, ("carried_over",))),
    ("予以公开", lambda r: _t3(r, ("open",))),
    ("部分公开", lambda r: _t3(r, ("partial",))),
    ("不予公开", lambda r: _t3(r, tuple(f"deny_{i}" for i in range(1, 9)))),
    ("无法提供", lambda r: _t3(r, ("unable_1", "unable_2", "unable_3"))),
    ("不予处理", lambda r: _t3(r, tuple(f"ignore_{i}" for i in range(1, 6)))),
    ("其他处理", lambda r: _t3(r, ("other_1", "other_2", "other_3", "other"))),
    ("办理结果总计", lambda r: _t3(r, ("total",))),
    ("结转下年度继续办理", lambda r: _t3(r, ("carry_forward",))),
    ("行政复议", lambda r: _t4(r, (4,))),
    ("行政诉讼", lambda r: _t4(r, (9, 14))),
)


def _org(result: AuditResult) -> str:
    from pathlib import Path

    rep = result.report
    return rep.org if rep is not None and rep.org else Path(result.path).stem


def build(results: list[AuditResult], *, unit_of: Callable[[AuditResult], str] | None = None,
          aggregates: Iterable[str] = ()) -> Overview:
    """The overview of ``results``.

    ``unit_of``: the unit a result belongs to (default: its normalised org name), so that
    two revisions of one unit's report count once in the county figures.
    ``aggregates``: paths of the reports marked as the county aggregate.
    """
    from app.workspace.identity import path_key, unit_key
    from app.workspace.review import status

    aggregate_keys = {path_key(p) for p in aggregates}
    ov = Overview(total=len(results))
    ov.by_status = {s: 0 for s in REPORT_STATES} | {UNREADABLE: 0}
    rules: dict[str, RuleCount] = {}
    latest: dict[tuple[str, int], AuditResult] = {}
    for r in results:
        state = status(r) if r.ok else UNREADABLE
        ov.by_status[state] = ov.by_status.get(state, 0) + 1
        counts = {s: 0 for s in SEVERITIES}
        similar = False
        for f in r.outgoing():
            counts[f.severity] = counts.get(f.severity, 0) + 1
            rc = rules.setdefault(f.rule, RuleCount(f.rule, "人工添加" if f.own else (f.title or f.rule)))
            rc.counts[f.severity] += 1
            rc.paths.add(r.path)
            similar = similar or f.rule.startswith("SIM-")
        ov.similar += similar
        rep = r.report if r.ok else None
        apps = _t3(rep, ("new",)) if rep is not None else None
        is_agg = path_key(r.path) in aggregate_keys
        ov.units.append(UnitRow(r.path, _org(r), rep.year if rep else None, state, counts, apps, is_agg))
        if rep is not None and rep.year:
            unit = (unit_of(r) if unit_of else None) or unit_key(rep.org) or path_key(r.path)
            latest[(unit, rep.year)] = r
    ov.by_rule = sorted(rules.values(), key=lambda c: (-c.counts["error"], -c.total, c.rule))
    ov.unit_count = len({unit for unit, _year in latest})
    per_year: dict[int, int] = {}
    for (_unit, year) in latest:
        per_year[year] = per_year.get(year, 0) + 1
    ov.years = sorted(per_year, key=lambda y: (-per_year[y], -y))
    for year in ov.years:
        figures = [Figure(label) for label, _ in FIGURES]
        for (_unit, y), r in latest.items():
            if y != year:
                continue
            agg = path_key(r.path) in aggregate_keys
            for fig, (_label, read) in zip(figures, FIGURES):
                value = read(r.report)
                if agg:
                    fig.aggregate = value
                elif value is None:
                    fig.unknown += 1
                else:
                    fig.value += value
                    fig.known += 1
        ov.figures[year] = figures
    return ov
