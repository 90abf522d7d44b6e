"""Parse a Document into a Report: metadata, the six sections and tables 二/三/四.

Tables are read from a format reader's grid when one holds the table (PDF ruled
tables, Word and HTML tables), otherwise from the text itself; both paths go through
the same logical-row reader (``tokens.py``), so every layout ends in the same typed
values with their character spans.
"""
from __future__ import annotations

from app.model import Document, Grid, LabelSeen, ParseWarning, ReadError, Report, Section, Table3, Table4
from app.normalize import NormText, normalize
from app.parse.absurd import absurd_numbers
from app.parse.crosscheck import disagreements
from app.parse.metadata import read_metadata
from app.parse.sections import find_sections, locate_sections
from app.parse.table2 import detect_layout, read_table2
from app.parse.table3 import read_table3, table3_labels
from app.parse.table4 import read_table4
from app.parse.tokens import LogicalRow, grid_text, rows_from_grid, rows_from_tokens, tokenize
from app.template import SECTION_NUMERALS, SECTION_TITLES

T3_MARKERS = ("勾稽关系", "申请人情况", "本年新收")
T3_NEEDLES = ("本年新收", "总计")
T4_NEEDLES = ("行政复议", "行政诉讼", "维持")


def _norm_offset(nt: NormText, orig: int) -> int:
    """Normalised offset of an original offset (first normalised char at or after it)."""
    if nt.back is None:
        return orig
    import bisect

    return bisect.bisect_left(nt.back, orig)


def _region(nt: NormText, sections: list[Section], number: int, markers: tuple[str, ...]) -> tuple[int, int] | None:
    """Normalised [start, end) of the table region of section ``number``: from the first
    table marker after its heading to the next section's heading."""
    sec = next((s for s in sections if s.number == number), None)
    later = [s for s in sections if s.number > number]
    if sec is not None:
        start = _norm_offset(nt, sec.heading_span[1])
        end = _norm_offset(nt, sec.end)
    else:
        # No heading: start at the first marker, end at the next section found after it.
        hits = [nt.text.find(m) for m in markers]
        hits = [h for h in hits if h >= 0]
        if not hits:
            return None
        start = min(hits)
        nxt = [s for s in later if _norm_offset(nt, s.start) > start]
        end = _norm_offset(nt, nxt[0].start) if nxt else len(nt.text)
    hits = [nt.text.find(m, start, end) for m in markers]
    hits = [h for h in hits if h >= 0]
    if hits:
        first = min(hits)
        start = nt.text.rfind("\n", start, first) + 1 if nt.text.rfind("\n", start, first) >= 0 else start
    return start, end


def _grid_for(grids: list[Grid], needles: tuple[str, ...]) -> Grid | None:
    for g in grids:
        text = grid_text(g)
        if all(n in text for n in needles):
            return g
    return None


def _rows(doc: Document, nt: NormText, region: tuple[int, int] | None, needles: tuple[str, ...]) -> list[LogicalRow]:
    grid = _grid_for(doc.grids, needles)
    if grid is not None:
        return rows_from_grid(grid)
    if region is None:
        return []
    return rows_from_tokens(tokenize(nt, *region))


def _text_tables(text: str) -> tuple[Table3 | None, Table4 | None]:
    """Tables 三 and 四 read from plain text alone (no grids)."""
    nt = normalize(text)
    sections = find_sections(nt)
    scratch: list[ParseWarning] = []
    r3 = _region(nt, sections, 3, T3_MARKERS)
    r4 = _region(nt, sections, 4, ("行政复议",))
    t3 = read_table3(rows_from_tokens(tokenize(nt, *r3)), scratch) if r3 else None
    t4 = read_table4(rows_from_tokens(tokenize(nt, *r4)), scratch) if r4 else None
    return t3, t4


def _crosscheck_layer(layer_text: str, report: Report) -> list[ParseWarning]:
    t3, t4 = _text_tables(layer_text)
    return disagreements(report.table3, t3, report.table4, t4)


def _template(t2: str | None, t3: str | None) -> str:
    known = {v for v in (t2, t3) if v}
    if "mixed" in known or len(known) > 1:
        return "mixed"
    return known.pop() if known else "unknown"


def parse_document(doc: Document) -> Report:
    nt = normalize(doc.text)
    report = Report(text=doc.text)
    warnings: list[ParseWarning] = []
    labels: list[LabelSeen] = []

    sections, heading_doubts = locate_sections(nt)
    warnings += heading_doubts
    report.sections = sections
    for s in sections:
        heading = SECTION_NUMERALS[s.number - 1] + "、" + SECTION_TITLES[s.number]
        found = nt.text[_norm_offset(nt, s.heading_span[0]):_norm_offset(nt, s.heading_span[1])].strip()
        labels.append(LabelSeen("heading", str(s.number), heading, found, s.heading_span))

    head_end = _norm_offset(nt, sections[0].start) if sections else min(len(nt.text), 2000)
    meta = read_metadata(nt, head_end)
    report.title, report.title_span = meta.title, meta.title_span
    report.org, report.org_span = meta.org, meta.org_span
    report.year, report.year_source = meta.year, meta.year_source
    report.period = meta.period
    report.published, report.published_span = meta.published, meta.published_span
    if meta.bad_date:
        warnings.append(ParseWarning("date-unreadable", f"日期“{meta.bad_date[0]}”不是有效的日期（可能有笔误），"
                                     "未作为发布日期采用，请核对", meta.bad_date[1], "发布日期"))

    # 表二
    r2 = _region(nt, sections, 2, ("第二十条", "信息内容"))
    t2_layout = None
    if r2:
        t2_layout = detect_layout(nt.text[r2[0]:r2[1]])
        grid2 = _grid_for(doc.grids, ("信息内容", "行政许可"))
        if grid2 is not None and t2_layout is None:
            t2_layout = detect_layout(grid_text(grid2))
        rows2 = _rows(doc, nt, r2, ("信息内容", "行政许可"))
        layout = "2019" if t2_layout == "2019" else "2021"
        report.section2, l2 = read_table2(rows2, layout, warnings)
        labels += l2

    # 表三
    r3 = _region(nt, sections, 3, T3_MARKERS)
    r3_grid = _grid_for(doc.grids, T3_NEEDLES) is not None
    rows3 = _rows(doc, nt, r3, T3_NEEDLES)
    report.table3 = read_table3(rows3, warnings)
    if report.table3 is not None:
        labels += table3_labels(report.table3)

    # 表四
    r4 = _region(nt, sections, 4, ("行政复议",))
    r4_grid = _grid_for(doc.grids, T4_NEEDLES) is not None
    rows4 = _rows(doc, nt, r4, T4_NEEDLES)
    report.table4 = read_table4(rows4, warnings)

    if not sections and report.title is None and not (report.table3 or report.table4 or report.section2):
        raise ReadError("not_report", "未识别为政府信息公开工作年度报告：找不到年报标题、六个部分和统计表。"
                        "请确认打开的是年报文件。")
    if doc.layer_text and (r3_grid or r4_grid):
        warnings += _crosscheck_layer(doc.layer_text, report)
    report.template = _template(t2_layout, report.table3.layout if report.table3 else None)
    report.labels = labels
    warnings += absurd_numbers(report)
    _doubts(report, warnings)
    if doc.ocr is not None:  # scanned pages: where OCR read the text, and its unsure cells
        from app.parse.ocr_cells import cell_doubts, ocr_spans

        report.ocr_text = ocr_spans(doc.pages, [p.index for p in doc.ocr.pages])
        warnings += cell_doubts(report)
    report.warnings = warnings
    return report


def _doubts(report: Report, warnings: list[ParseWarning]) -> None:
    """Say what could not be read, so that an empty result is never silent."""
    if report.year is None:
        warnings.append(ParseWarning("no-year", "未能从标题或统计期限中读出报告年度"))
    if report.org is None:
        warnings.append(ParseWarning("no-org", "未能从标题中读出发布单位名称"))
    if report.table3 is None:
        warnings.append(ParseWarning("no-table3", "未能读取表三（收到和处理政府信息公开申请情况）"))
    if report.table4 is None:
        warnings.append(ParseWarning("no-table4", "未能读取表四（行政复议、行政诉讼情况）"))
    if report.section2 is None:
        warnings.append(ParseWarning("no-table2", "未能读取表二（主动公开政府信息情况）"))


__all__ = ["parse_document"]
