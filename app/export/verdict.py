"""The conclusion (结论) of a report in the county summary, in step with the window's status.

The window shows ``app.workspace.review.status``: 待审核 / 需整改 / 审核通过 / 已复核.
The summary's 结论 answers a narrower question — does this unit have to correct
anything — and must never contradict that status:

- 无法读取: the file could not be read (the window says 待审核: the auditor must act);
- 需整改: a confirmed or undecided error or warning stands (dismissed ones do not
  count), or the status is 需整改 (set by the auditor, or a revision with open problems);
- 通过: nothing of the kind stands. Doubts about the reading alone keep the status at
  待审核 but are the auditor's to resolve, not the unit's.
"""
from __future__ import annotations

from app.model import AuditResult
from app.workspace.review import STATUS_FIX, STATUS_PASS, STATUS_RECHECKED, status

CONCLUSION_PASS, CONCLUSION_FIX, CONCLUSION_UNREADABLE = "通过", "需整改", "无法读取"
CONCLUSIONS = (CONCLUSION_PASS, CONCLUSION_FIX, CONCLUSION_UNREADABLE)


def standing(result: AuditResult) -> int:
    """Errors and warnings still to be corrected (confirmed or undecided, the auditor's own included)."""
    return result.open_count("error") + result.open_count("warning")


def conclusion(result: AuditResult) -> str:
    if not result.ok:
        return CONCLUSION_UNREADABLE
    if standing(result) or status(result) == STATUS_FIX:
        return CONCLUSION_FIX
    return CONCLUSION_PASS


def agrees(conclusion_word: str, status_word: str) -> bool:
    """Whether a 结论 and the window's status say the same thing about a report.

    通过 never stands beside 需整改, nor 需整改 beside 审核通过 or 已复核. The one way to get
    a disagreement is a status the auditor set by hand while problems still stand: the
    结论 stays 需整改 (those problems still go out) and the summary shows both words.
    """
    if conclusion_word == CONCLUSION_PASS:
        return status_word != STATUS_FIX
    if conclusion_word == CONCLUSION_FIX:
        return status_word not in (STATUS_PASS, STATUS_RECHECKED)
    return conclusion_word == CONCLUSION_UNREADABLE
