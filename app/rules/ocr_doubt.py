"""A failed check that runs through a cell OCR was not sure of: a doubt, never an error.

A scanned report's figures are read by OCR; a cell whose reading was doubtful (see
``app.ingest.ocr_values``) can make an equation fail although the paper is right. The
table rules hand such a failure here: it becomes a parse doubt that says which check
failed, which cells were unsure, and asks the auditor to look at the original.
"""
from __future__ import annotations

from app.model import Finding, ParseWarning


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
        message=(f"{location} 识别为“{read}”（含易与数字混淆的字母），行合计与列合计都要求此格为 {v}，"
                 f"已按 {v} 核对勾稽关系；请对照原件确认。"),
        span=span, location=location)
