"""Doubts about table cells OCR was not sure of, said once per table and named as the auditor knows them.

The OCR reader marks each unsure cell (``Value.doubt``) with what it saw and why it is
unsure; only after parsing is it known which table cell that is ("表三 “（一）予以公开” ×
自然人"), so the doubts are written here. Two kinds, said differently so that a page of
middling readings does not bury the cells that matter:

- a cell judged unknown (its reading unusable) is said one by one, up to
  ``MAX_UNKNOWN`` per table, then once for the rest: the rules cannot use it;
- cells whose figure was used although the recogniser was only fairly sure are said
  together, one doubt per table listing them; a check failing through one of them is
  a doubt of its own (``app.rules.ocr_doubt``), and one whose row and column sums hold
  has been borne out by them.
"""
from __future__ import annotations

from app.model import ParseWarning, Report, Span, Value
from app.template import T3_COLUMNS, section2_spec, t3_row_title, t4_column_title

MAX_UNKNOWN = 8  # unknown cells named one by one per table
MAX_LISTED = 12  # fairly-sure cells named in the table's one doubt


def ocr_spans(pages: list[Span], ocr_pages: list[int]) -> list[Span]:
    """The text spans of the pages read by OCR (``pages`` are the document's page spans)."""
    return [pages[i] for i in ocr_pages if 0 <= i < len(pages)]


def cell_doubts(report: Report) -> list[ParseWarning]:
    out: list[ParseWarning] = []
    for table, cells in _tables(report):
        unknown = [(name, v) for name, v in cells if v.unsure and v.value is None]
        fair = [(name, v) for name, v in cells if v.unsure and v.value is not None]
        for name, v in unknown[:MAX_UNKNOWN]:
            out.append(ParseWarning("ocr-cell", f"{name}：{v.doubt.reason}。", v.span, name))
        if len(unknown) > MAX_UNKNOWN:
            rest = unknown[MAX_UNKNOWN:]
            out.append(ParseWarning(
                "ocr-cell", f"{table}另有 {len(rest)} 个单元格无法识别（"
                + "、".join(n for n, _ in rest[:MAX_LISTED]) + ("等" if len(rest) > MAX_LISTED else "")
                + "），请对照原件核对。", rest[0][1].span, table))
        if fair:
            listed = "；".join(f"{n} “{v.doubt.read or v.raw}”" for n, v in fair[:MAX_LISTED])
            more = f"等 {len(fair)} 格" if len(fair) > MAX_LISTED else ""
            sums = ("这些格所在的合计都成立的，已由勾稽关系印证；不成立的另有提示。" if table != "表二" else "")
            out.append(ParseWarning(
                "ocr-fair", f"{table}有 {len(fair)} 个数字识别把握不大，已按识别结果使用：{listed}{more}。"
                f"{sums}请对照原件核对。", fair[0][1].span, table))
    return out


def _tables(report: Report) -> list[tuple[str, list[tuple[str, Value]]]]:
    out = []
    if report.section2 is not None:
        spec = section2_spec(report.section2.layout or "2021")
        cells = []
        for key, row in report.section2.rows.items():
            label, _, cols = spec.get(key, (row.label or key, "", ()))
            for c, v in enumerate(row.values):
                col = f" × {cols[c]}" if len(cols) > 1 and c < len(cols) else ""
                cells.append((f"表二 “{label}”{col}", v))
        out.append(("表二", cells))
    if report.table3 is not None:
        out.append(("表三", [(f"表三 “{t3_row_title(key)}” × {T3_COLUMNS[c] if c < len(T3_COLUMNS) else c + 1}", v)
                             for key, row in report.table3.rows.items() for c, v in enumerate(row.values)]))
    if report.table4 is not None:
        out.append(("表四", [(f"表四 {t4_column_title(i)}", v) for i, v in enumerate(report.table4.values[:15])]))
    return out
