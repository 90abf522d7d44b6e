"""Property: change one cell of a correct table 三 or 四, and an error names that cell."""
from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import RuleConfig
from app.model import CellRef
from app.rules import check
from app.template import t3_keys
from tests.rules_support import report_from_truth

BASE = report_from_truth("huaian-city-2024")
T3_CELLS = [("table3", k, c) for k in t3_keys("2021") for c in range(7)]
T4_CELLS = [("table4", 0, c) for c in range(15)]
CONFIG = RuleConfig()


def test_base_report_is_clean():
    assert [f for f in check(BASE, CONFIG).findings if f.severity == "error"] == []


@settings(max_examples=150, deadline=None)
@given(cell=st.sampled_from(T3_CELLS + T4_CELLS), delta=st.integers(min_value=-50, max_value=50).filter(bool))
def test_one_changed_cell_is_named_by_an_error(cell, delta):
    report = copy.deepcopy(BASE)
    table, row, col = cell
    value = report.table3.rows[row].values[col] if table == "table3" else report.table4.values[col]
    new = value.value + delta
    value.value = new if new >= 0 else value.value + abs(delta)  # counts stay >= 0, always changed
    errors = [f for f in check(report, CONFIG).findings if f.severity == "error"]
    assert errors, cell
    ref = CellRef(table, row, col)
    assert any(ref in f.cells for f in errors), (cell, [f.message for f in errors])
    if table == "table3":  # one wrong cell is reported once, at that cell
        assert len(errors) == 1 and errors[0].cells[0] == ref, [f.message for f in errors]
