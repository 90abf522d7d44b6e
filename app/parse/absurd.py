"""Doubts about figures too large or too long to be a count or an amount.

``tokens.classify`` reads a figure with more than 15 whole digits (or more than six
decimals) as unknown: no report counts a quadrillion applications, such a figure would
overflow a float in the rules (or exceed ``int()``'s digit limit, or print as
``Infinity`` in the JSON), and it is far likelier a damaged or mistyped cell. Unknown
alone would be silent; this module says which cell it was.
"""
from __future__ import annotations

import re

from app.model import ParseWarning, Report, Value
from app.template import T3_COLUMNS, section2_spec, t3_row_title, t4_column_title

_DIGIT = re.compile(r"\d")
SHOWN = 12  # digits of an absurd figure quoted in the message


def _absurd(v: Value) -> bool:
    return v.value is None and bool(_DIGIT.search(v.raw or ""))


def _quote(raw: str) -> str:
    digits = sum(ch.isdigit() for ch in raw)
    if len(raw) <= SHOWN + 4:
        return f"“{raw}”"
    return f"“{raw[:SHOWN]}…”（共 {digits} 位数字）"


def _warning(v: Value, where: str) -> ParseWarning:
    return ParseWarning("absurd-number", f"{where}：数字{_quote(v.raw)}的位数或大小超出合理范围，不是一个件数或金额，"
                        "按无法读取处理，请核对原文", v.span, where)


def absurd_numbers(report: Report) -> list[ParseWarning]:
    """One doubt per table cell whose figure was read as unknown because it is absurd."""
    out: list[ParseWarning] = []
    if report.section2 is not None:
        spec = section2_spec(report.section2.layout)
        for key, row in report.section2.rows.items():
            label = spec.get(key, (row.label,))[0]
            out += [_warning(v, f"表二 {label}") for v in row.values if _absurd(v)]
    if report.table3 is not None:
        for key, row in report.table3.rows.items():
            for c, v in enumerate(row.values):
                if _absurd(v):
                    col = T3_COLUMNS[c] if c < len(T3_COLUMNS) else f"第{c + 1}列"
                    out.append(_warning(v, f"表三 {t3_row_title(key)} × {col}"))
    if report.table4 is not None:
        for i, v in enumerate(report.table4.values):
            if _absurd(v):
                out.append(_warning(v, f"表四 {t4_column_title(i) if i < 15 else f'第{i + 1}个数'}"))
    return out
