"""A failed check that runs through a cell OCR was not sure of: a doubt, never an error.

A scanned report's figures are read by OCR; a cell whose reading was doubtful (see
``app.ingest.ocr_values``) can make an equation fail although the paper is right. The
table rules hand such a failure here: it becomes a parse doubt that says which check
failed, which cells were unsure, and asks the auditor to look at the original.

The same holds for wording: a label, heading, date or sentence read by OCR may differ from
the paper by one misread character ("出具" read as "出其"), so the rule engine passes every
rule's findings through ``sift``, which turns those resting on OCR-read text into doubts.
"""
from __future__ import annotations

from app.model import Finding, ParseWarning, Report


def as_doubt(finding: Finding, unsure: list[str]) -> ParseWarning:
    """The finding ``finding`` restated as a doubt; ``unsure`` names the uncertain cells."""
    cells = "、".join(unsure[:4]) + ("等" if len(unsure) > 4 else "")
    return ParseWarning(
        code=f"ocr-doubt:{finding.rule}",
        message=(f"{finding.message}（其中 {cells} 由文字识别读出且不确定，可能是识别误差，"
                 "未作为错误报告；请对照原件核对。）"),
        span=finding.span, location=finding.location)


def resolved_doubt(location: str, read: str, value: float, span) -> ParseWarning:
    """An unknown OCR cell whose reading the row and column sums confirmed."""
    v = int(value) if float(value).is_integer() else value
    return ParseWarning(
        code="ocr-resolved",
        message=(f"{location} 识别为“{read}”（识别不确定），行合计与列合计都要求此格为 {v}，"
                 f"已按 {v} 核对勾稽关系；请对照原件确认。"),
        span=span, location=location)


# Rules of these families judge table figures: a cell OCR was unsure of is their doubt.
# Every other rule judges the report's wording (labels, headings, dates, sentences).
CELL_FAMILIES = frozenset({"section2", "table3", "table4"})


def text_doubt(finding: Finding) -> ParseWarning:
    """A finding about wording that OCR read, restated as a doubt."""
    return ParseWarning(
        code=f"ocr-doubt:{finding.rule}",
        message=(f"{finding.message}（此处是扫描件，文字由文字识别读出，可能是识别误差，"
                 "未作为问题报告；请对照原件核对。）"),
        span=finding.span, location=finding.location)


def sift(family: str, findings: list[Finding], report: Report) -> tuple[list[Finding], list[ParseWarning]]:
    """Split a rule's findings on a report with scanned pages into (findings, doubts).

    A finding stays a finding only when OCR cannot have caused it: it rests on no cell
    OCR was unsure of and, for a rule judging wording, on no text OCR read (a finding
    with no place at all, like a missing section, may rest on a heading OCR misread).
    """
    if not report.ocr_text and not _any_unsure(report):
        return findings, []
    kept, doubts = [], []
    for f in findings:
        unsure = [ref for ref in f.cells if (v := report.cell(ref)) is not None and v.unsure]
        if unsure:
            doubts.append(as_doubt(f, [f.location or "相关单元格"]))
        elif family not in CELL_FAMILIES and report.ocr_text and _on_ocr_text(f, report):
            doubts.append(text_doubt(f))
        else:
            kept.append(f)
    return kept, doubts


def _on_ocr_text(f: Finding, report: Report) -> bool:
    if f.span is None:
        return not f.cells  # nowhere to check: it may rest on wording OCR misread
    return any(f.span[0] < end and start < max(f.span[1], f.span[0] + 1) for start, end in report.ocr_text)


def _any_unsure(report: Report) -> bool:
    tables = [t for t in (report.section2, report.table3) if t is not None]
    if any(v.unsure for t in tables for row in t.rows.values() for v in row.values):
        return True
    return report.table4 is not None and any(v.unsure for v in report.table4.values)
