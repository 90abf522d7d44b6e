"""Helpers for the format-reader tests: fixture paths and the figures a report was read to."""
from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = FIXTURES / "samples"
FORMATS = FIXTURES / "formats"


def truth(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))


def figures(path: Path) -> dict:
    """What the whole pipeline read: the JSON contract's org/year/tables for one file."""
    from app.audit import audit_file
    from app.result import report_json

    result = audit_file(str(path))
    assert result.ok, result.error and result.error.message
    data = report_json(result)
    return {k: data.get(k) for k in ("org", "year", "template", "section2", "table3", "table4")}


def check_spans(doc) -> int:
    """Every grid cell's span holds exactly its text; returns the number of cells checked."""
    n = 0
    for grid in doc.grids:
        widths = {len(row) for row in grid.rows}
        assert len(widths) == 1, "grid is not rectangular"
        for row in grid.rows:
            for cell in row:
                assert cell.span is not None
                assert doc.text[cell.span[0]:cell.span[1]] == cell.text
                n += 1
    return n


def row_texts(grid) -> list[list[str]]:
    """Grid rows as the texts of their own cells (repeats of merged cells as '^')."""
    return [[c.text if c.origin is None else "^" for c in row] for row in grid.rows]
