"""The 勾稽关系 of table 三 as data, and the search for the one cell that explains them.

Three families of equations (FORMAT.md §7 INV-T3-COL / -TOT / -ROW). When one cell
is wrong, up to three of them fail at once; ``localise`` finds the cell whose single
correction makes every failing equation hold, so that the auditor is told about that
cell once instead of seeing three echoes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model import Table3
from app.template import (
    T3_APPLICANT_COLS,
    T3_COLUMNS,
    T3_TOTAL_COL,
    t3_keys,
    t3_result_keys,
)

Cell = tuple[str, int]  # (row key, column 0..6)


@dataclass
class Equation:
    """``sum(lhs) == sum(rhs)``; ``kind`` is "COL" (balance), "TOT" (总计 column sum) or "ROW"."""

    kind: str
    index: str | int  # column number for COL/TOT, row key for ROW
    lhs: list[Cell]
    rhs: list[Cell]

    @property
    def cells(self) -> list[Cell]:
        return self.lhs + self.rhs

    def coef(self, cell: Cell) -> int:
        return (1 if cell in self.lhs else 0) - (1 if cell in self.rhs else 0)


@dataclass
class Analysis:
    """The equations of one table with their residuals (None = not computable)."""

    equations: list[Equation]
    residual: dict[int, float | None]  # by equation index
    unknown: dict[int, list[Cell]]  # cells with unknown values, by equation index
    located: list[tuple[tuple[Cell, ...], float, list[int]]] = field(default_factory=list)  # cells, wrong by, eqs
    # OCR: cells whose reading is not certain (a failure through them is a doubt, not an error),
    # and unknown cells whose digit-confusion reading the row and column sums confirm
    doubtful: set[Cell] = field(default_factory=set)
    resolved: dict[Cell, float] = field(default_factory=dict)

    def failing(self) -> list[int]:
        return [i for i, r in self.residual.items() if r is not None and abs(r) > 1e-9]

    def explained(self) -> set[int]:
        return {i for _, _, eqs in self.located for i in eqs}


def equations(layout: str, present: set[str]) -> list[Equation]:
    """All equations of a table with the given layout, over the rows that are present."""
    keys = [k for k in t3_keys(layout) if k in present]
    results = [k for k in t3_result_keys(layout) if k in present]
    eqs: list[Equation] = []
    if {"new", "carried_over", "total", "carry_forward"} <= present:
        for c in range(len(T3_COLUMNS)):
            eqs.append(Equation("COL", c, [("new", c), ("carried_over", c)], [("total", c), ("carry_forward", c)]))
    if "total" in present and results:
        for c in range(len(T3_COLUMNS)):
            eqs.append(Equation("TOT", c, [(k, c) for k in results], [("total", c)]))
    for k in keys:
        eqs.append(Equation("ROW", k, [(k, c) for c in T3_APPLICANT_COLS], [(k, T3_TOTAL_COL)]))
    return eqs


def analyse(table: Table3) -> Analysis:
    eqs = equations(table.layout, set(table.rows))
    resolved = resolve(table, eqs)

    def value(c: Cell):
        return resolved.get(c, table.value(*c))

    residual: dict[int, float | None] = {}
    unknown: dict[int, list[Cell]] = {}
    for i, eq in enumerate(eqs):
        missing = [c for c in eq.cells if value(c) is None]
        if missing:
            residual[i], unknown[i] = None, missing
        else:
            residual[i] = sum(value(c) for c in eq.lhs) - sum(value(c) for c in eq.rhs)
    analysis = Analysis(eqs, residual, unknown, doubtful=_doubtful(table), resolved=resolved)
    localise(analysis)
    return analysis


def _doubtful(table: Table3) -> set[Cell]:
    return {(k, c) for k, row in table.rows.items() for c, v in enumerate(row.values) if v.unsure}


def resolve(table: Table3, eqs: list[Equation]) -> dict[Cell, float]:
    """Unknown OCR cells whose digit-confusion reading (``1O`` → 10) the sums decide.

    A cell is decided only when it is the one unknown of at least one row equation and
    one column equation (balance or 总计 sum), every such equation gives the same value,
    and that value is the confusion reading: then the table's own sums and the picture
    agree. Deciding one cell may make another the single unknown of its equations.
    """
    resolved: dict[Cell, float] = {}
    pending = {(k, c): v.doubt.candidates for k, row in table.rows.items() for c, v in enumerate(row.values)
               if v.value is None and v.unsure and v.doubt.candidates}
    changed = True
    while changed and pending:
        changed = False
        for cell, candidates in list(pending.items()):
            implied: dict[str, set[float]] = {"ROW": set(), "COL": set()}
            for eq in eqs:
                if cell not in eq.cells:
                    continue
                others = [c for c in eq.cells if c != cell]
                vals = [resolved.get(c, table.value(*c)) for c in others]
                if any(v is None for v in vals):
                    continue
                rest = sum(v * eq.coef(c) for c, v in zip(others, vals))
                implied["ROW" if eq.kind == "ROW" else "COL"].add(round(-rest / eq.coef(cell), 9))
            both = implied["ROW"] | implied["COL"]
            if implied["ROW"] and implied["COL"] and len(both) == 1:
                v = both.pop()
                if any(abs(v - c) < 1e-9 for c in candidates):
                    resolved[cell] = v
                    del pending[cell]
                    changed = True
    return resolved


def _candidate(group: tuple[Cell, ...], eqs: list[Equation], index: dict[Cell, list[int]],
               residual: dict[int, float | None], failing: set[int]) -> tuple[float, list[int]] | None:
    """If changing every cell of ``group`` by one same amount repairs exactly the failing
    equations it touches (at least two), return (amount wrong by, those equations)."""
    touched = sorted({i for c in group for i in index.get(c, [])})
    involved, errors = [], set()
    for i in touched:
        net = sum(eqs[i].coef(c) for c in group)
        if net == 0:
            if i in failing:
                return None  # the group leaves a failing equation unexplained
            continue
        if i not in failing:
            return None  # changing the group would break a sound equation
        involved.append(i)
        errors.add(round(residual[i] / net, 9))
    if len(involved) < 2 or len(errors) != 1:
        return None
    return errors.pop(), involved


def localise(analysis: Analysis) -> None:
    """Greedily name the cell (or pair of cells) that explains two or more failing equations.

    A single cell qualifies when every equation it takes part in fails, there are at
    least two of them, and one and the same correction repairs them all. When no single
    cell does, a pair in one row — an applicant column and the 总计 column, off by the
    same amount, so the row sum still holds — is tried. A candidate is taken only when
    it explains more failing equations than any candidate it overlaps; the rest stays
    reported equation by equation.
    """
    eqs = analysis.equations
    residual = dict(analysis.residual)
    index: dict[Cell, list[int]] = {}
    for i, eq in enumerate(eqs):
        for c in eq.cells:
            index.setdefault(c, []).append(i)
    while True:
        failing = {i for i, r in residual.items() if r is not None and abs(r) > 1e-9}
        if not failing:
            return
        cells = {c for i in failing for c in eqs[i].cells}
        groups: list[tuple[Cell, ...]] = [(c,) for c in sorted(cells)]
        taken = _unambiguous(groups, eqs, index, residual, failing)
        if not taken:
            rows = sorted({c[0] for c in cells})
            pairs = [((r, c), (r, T3_TOTAL_COL)) for r in rows for c in T3_APPLICANT_COLS]
            taken = _unambiguous(pairs, eqs, index, residual, failing)
        if not taken:
            return
        for group, error, involved in taken:
            analysis.located.append((group, error, involved))
            for i in involved:
                residual[i] = 0.0


def _unambiguous(groups, eqs, index, residual, failing) -> list[tuple[tuple[Cell, ...], float, list[int]]]:
    candidates = []
    for g in groups:
        found = _candidate(g, eqs, index, residual, failing)
        if found:
            candidates.append((g, found[0], found[1]))
    # a candidate is taken when it explains more equations than every candidate it overlaps
    taken = []
    for c in candidates:
        rivals = [d for d in candidates if d is not c and set(d[2]) & set(c[2])]
        if all(len(c[2]) > len(d[2]) for d in rivals):
            taken.append(c)
    return taken
