"""Naming and judging table cells in words an auditor reads."""
from __future__ import annotations

from app.model import Number
from app.template import T3_COLUMNS, t3_row_title, t4_column_title

# What a blank cell may hold in a report (FORMAT.md §11 "Numbers").
BLANK_MARKS = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "无", "\\", "空"})


def is_count(value: Number) -> bool:
    """A count is a whole number ≥ 0 (3.0 counts as 3)."""
    return value >= 0 and float(value).is_integer()


def t3_location(cell: tuple[str, int]) -> str:
    return f"表三 “{t3_row_title(cell[0])}” × {T3_COLUMNS[cell[1]]}"


def t4_location(col: int) -> str:
    return f"表四 {t4_column_title(col)}"
