"""The source words around a finding, so the checklist can be read without the report.

The reporting body gets the checklist, not our parse: quoting the words as printed
(with the flagged part in 【】) lets them find the place in their own document.
"""
from __future__ import annotations

import re

from app.model import Span

_SPACE = re.compile(r"\s+")

#: Characters of context kept on each side of the span.
CONTEXT = 20
#: A span longer than this is shown as its start and end with "…" between.
SPAN_MAX = 80


def _flat(text: str) -> str:
    """Line breaks and runs of blanks as one space: an excerpt is one line of words."""
    return _SPACE.sub(" ", text)


def excerpt(text: str, span: Span | None, context: int = CONTEXT) -> str:
    """``…before【span】after…`` from ``text``; "" when there is no usable span."""
    if not text or span is None:
        return ""
    start, end = max(0, span[0]), min(len(text), span[1])
    if start > len(text) or end < start:
        return ""
    before = _flat(text[max(0, start - context):start]).lstrip()
    middle = _flat(text[start:end]).strip()
    after = _flat(text[end:end + context]).rstrip()
    if len(middle) > SPAN_MAX:
        half = SPAN_MAX // 2
        middle = f"{middle[:half]}…{middle[-half:]}"
    lead = "…" if start - context > 0 else ""
    tail = "…" if end + context < len(text) else ""
    if not middle:  # an empty span marks a place (e.g. where a missing row belongs)
        return f"{lead}{before}【此处】{after}{tail}"
    return f"{lead}{before}【{middle}】{after}{tail}"
