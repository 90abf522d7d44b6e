"""What the report list says about one result: status word, colour kind, sort rank."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.gui.texts import tr
from app.model import AuditResult


@dataclass(frozen=True)
class ReportStatus:
    kind: str  # "ok" | "error" | "warning" | "unread" | "doubt"
    text: str
    rank: tuple[int, int]  # sorts the worst first when descending


def is_doubtful(result: AuditResult) -> bool:
    """The reading itself is uncertain: warnings, or nothing of the template recognised."""
    report = result.report
    if report is None:
        return True
    if result.warnings:
        return True
    return not report.sections and report.table3 is None


def report_status(result: AuditResult) -> ReportStatus:
    """What the findings say — the ones still standing: dismissed ones no longer count."""
    if not result.ok:
        return ReportStatus("unread", tr("无法读取"), (4, 0))
    errors, warnings = result.open_count("error"), result.open_count("warning")
    if errors:
        text = tr("{n} 错误").format(n=errors)
        if warnings:
            text += tr("，{n} 警告").format(n=warnings)
        return ReportStatus("error", text, (3, errors))
    if warnings:
        return ReportStatus("warning", tr("{n} 警告").format(n=warnings), (2, warnings))
    if is_doubtful(result):
        return ReportStatus("doubt", tr("解析存疑"), (1, len(result.warnings)))
    return ReportStatus("ok", tr("通过"), (0, 0))


def review_status(result: AuditResult) -> str:
    """待审核 / 需整改 / 审核通过 / 已复核: the auditor's, or the default from the findings."""
    if not result.ok:
        return tr("无法读取")
    from app.workspace.review import status

    return tr(status(result))


def recheck_summary(result: AuditResult) -> str:
    """已整改 3 / 未整改 1 / 新增 0 for a revised report, else ""."""
    c = result.review.comparison if result.review is not None else None
    if c is None:
        return ""
    n = c.counts()
    return tr("已整改 {a} / 未整改 {b} / 新增 {c}").format(a=n["fixed"], b=n["still_open"], c=n["new"]) + (
        tr(" / 无法判断 {d}").format(d=n["unknown"]) if n["unknown"] else "")


def report_org(result: AuditResult) -> str:
    """The issuing body, or the file name when it was not recognised."""
    if result.report is not None and result.report.org:
        return result.report.org
    return Path(result.path).stem


def report_year(result: AuditResult) -> int | None:
    return result.report.year if result.report is not None else None
