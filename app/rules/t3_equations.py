"""The 勾稽关系 of table 三 as data, and the search for the one cell that explains them.

Three families of equations (FORMAT.md §7 INV-T3-COL / -TOT / -ROW). When one cell
is wrong, up to three of them fail at once; ``localise`` finds the cell whose single
correction makes every failing equation hold, so that the auditor is told about that
cell once instead of seeing three echoes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model import Table3
from app.template import T3_APPLICANT_COLS, T3_COLUMNS, T3_TOTAL_COL, t3_keys, t3_result_keys

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
    located: list[tuple[Cell, float, list[int]]] = field(default_factory=list)  # cell, wrong by, eqs

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
    residual: dict[int, float | None] = {}
    unknown: dict[int, list[Cell]] = {}
    for i, eq in enumerate(eqs):
        missing = [c for c in eq.cells if table.value(*c) is None]
        if missing:
            residual[i], unknown[i] = None, missing
        else:
            residual[i] = sum(table.value(*c) for c in eq.lhs) - sum(table.value(*c) for c in eq.rhs)
    analysis = Analysis(eqs, residual, unknown)
    localise(analysis)
    return analysis


def localise(analysis: Analysis) -> None:
    """Greedily name single cells that explain two or more failing equations.

    A cell qualifies when every equation it takes part in fails, there are at least
    two of them, and one and the same correction repairs them all. Only unambiguous
    candidates (sharing no equation with another candidate) are taken; the rest stays reported equation by equation.
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
        candidates: list[tuple[Cell, float, list[int]]] = []
        for cell in {c for i in failing for c in eqs[i].cells}:
            involved = index[cell]
            if len(involved) < 2 or any(i not in failing for i in involved):
                continue
            # residual r_e = coef * error  =>  error = r_e / coef, the same for every e
            errors = {round(residual[i] / eqs[i].coef(cell), 9) for i in involved}
            if len(errors) == 1:
                candidates.append((cell, errors.pop(), involved))
        # take the candidates that share no equation with another candidate (unambiguous)
        usage: dict[int, int] = {}
        for _, _, involved in candidates:
            for i in involved:
                usage[i] = usage.get(i, 0) + 1
        taken = [c for c in candidates if all(usage[i] == 1 for i in c[2])]
        if not taken:
            return
        for cell, error, involved in sorted(taken):
            analysis.located.append((cell, error, involved))
            for i in involved:
                residual[i] = 0.0
