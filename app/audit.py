"""The pipeline for one file: read -> parse -> check, never raising.

Everything the window, the command line and the checklist show comes from the
``AuditResult`` built here.
"""
from __future__ import annotations

import logging
import time

from app.model import AuditResult, ReadError

log = logging.getLogger(__name__)


def audit_file(path: str, config=None) -> AuditResult:
    """Read, parse and check one report. A file that cannot be read gives status "error"."""
    from app.ingest import read_document
    from app.parse import parse_document

    result = AuditResult(path=path)
    t0 = time.perf_counter()
    try:
        doc = read_document(path)
        t1 = time.perf_counter()
        report = parse_document(doc)
        t2 = time.perf_counter()
    except ReadError as exc:
        result.status, result.error = "error", exc
        return result
    except MemoryError:
        result.status = "error"
        result.error = ReadError("memory", "文件过大或结构异常，读取时内存不足。")
        return result
    except Exception as exc:  # a reader bug must not stop a batch
        log.exception("reading %s failed", path)
        result.status = "error"
        result.error = ReadError("internal", f"读取时发生内部错误（{type(exc).__name__}），文件可能已损坏。")
        return result
    result.document, result.report = doc, report
    apply_rules(result, config)
    t3 = time.perf_counter()
    result.seconds = {"read": t1 - t0, "parse": t2 - t1, "check": t3 - t2}
    return result


def apply_rules(result: AuditResult, config=None) -> AuditResult:
    """(Re-)run the rules on the parsed report of ``result``: after a read, after a correction.

    The reading's own doubts are kept; the rules' findings, doubts and fingerprints are
    replaced. Never raises: a rule-engine failure becomes a doubt.
    """
    from app.model import ParseWarning
    from app.rules import check
    from app.workspace.fingerprint import assign

    doc, report = result.document, result.report
    result.warnings = (list(doc.warnings) if doc else []) + (list(report.warnings) if report else [])
    result.findings, result.rules_run = [], []
    if report is None:
        return result
    try:
        outcome = check(report, config)
        result.findings = outcome.findings
        result.warnings += outcome.warnings
        result.rules_run = outcome.rules_run
        assign(result.findings)
    except Exception as exc:
        log.exception("checking %s failed", result.path)
        result.warnings.append(ParseWarning("internal", f"审核规则运行出错（{type(exc).__name__}），部分检查未完成。"))
    return result
