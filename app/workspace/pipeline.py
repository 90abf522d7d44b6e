"""One file through the audit with the workspace: reuse, record, review, compare.

The same function serves the window's worker processes and ``govaudit check
--workspace``: it hashes the file, reuses a stored reading of the same content (or
reads and parses it), records the file and the run, applies the auditor's corrections
(the rules run again on the corrected tables), loads the decisions, and — for a
revised report — compares it with the earlier audit of the same unit and year.
"""
from __future__ import annotations

import hashlib
import logging
import os

from app.audit import apply_rules, audit_file
from app.model import AuditResult, Review
from app.workspace import codec
from app.workspace.recheck import compare
from app.workspace.review import apply_corrections, readings
from app.workspace.revision import parser_revision
from app.workspace.store import FileInfo, Workspace, WorkspaceError

log = logging.getLogger(__name__)

CHUNK = 1 << 20


def file_info(path: str) -> FileInfo:
    """Size, modification time and SHA-256 of a file (raises OSError)."""
    st = os.stat(path)
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return FileInfo(path=os.path.abspath(path), size=st.st_size, mtime=st.st_mtime, sha256=h.hexdigest())


def audit_recorded(path: str, ws: Workspace, config=None) -> AuditResult:
    """Audit ``path`` and keep it in ``ws``; never raises (a store failure becomes a doubt)."""
    try:
        info = file_info(path)
    except OSError:
        return audit_file(path, config)  # the reader gives the Chinese message for a missing file
    rev = parser_revision()
    try:
        blob = ws.cached_reading(info.sha256, rev)
        decoded = codec.loads(blob) if blob else None
    except WorkspaceError:
        decoded = None
    if decoded is not None:
        result = AuditResult(path=path, document=decoded[0], report=decoded[1])
        parsed = None
    else:
        result = audit_file(path, config)
        parsed = codec.dumps(result.document, result.report) if result.ok and result.report else None
    if ws.readonly:
        return _reviewed_read_only(result, info, ws, config, fresh_rules=decoded is not None)
    try:
        doc_id = ws.register(result, info, parsed, rev)
        if result.report is not None:
            ws.settle_corrections(doc_id, readings(result.report))
        result.review = ws.review(doc_id)
        review_result(result, ws, config, fresh_rules=decoded is not None)
        ws.add_run(doc_id, result)
    except WorkspaceError as exc:
        from app.model import ParseWarning

        log.warning("workspace: %s", exc.message)
        if decoded is not None and not result.findings:
            apply_rules(result, config)
        result.warnings.append(ParseWarning("workspace", f"审核工作区不可用，本次结果未保存：{exc.message}"))
    return result


def _reviewed_read_only(result: AuditResult, info: FileInfo, ws: Workspace, config, fresh_rules: bool) -> AuditResult:
    """A read-only workspace (a newer release's, a locked or write-protected file): show, keep nothing."""
    try:
        doc_id = ws.document_id(info.sha256)
        result.review = ws.review(doc_id) if doc_id is not None else Review(readonly=True)
        result.review.readonly = True
        review_result(result, ws, config, fresh_rules=fresh_rules)
    except WorkspaceError as exc:
        from app.model import ParseWarning

        if fresh_rules and not result.findings:
            apply_rules(result, config)
        result.warnings.append(ParseWarning("workspace", f"审核工作区不可用：{exc.message}"))
    return result


def review_result(result: AuditResult, ws: Workspace, config=None, fresh_rules: bool = True) -> None:
    """Apply ``result.review``'s corrections, run the rules, and compare with the earlier revision."""
    review: Review = result.review or Review()
    if result.report is not None:
        applied = apply_corrections(result.report, review.corrections)
        if applied or fresh_rules:
            apply_rules(result, config)
    if review.doc_id is not None:
        review.comparison = previous_comparison(result, ws, config)


def previous_comparison(result: AuditResult, ws: Workspace, config=None):
    """The comparison with the earlier revision of this report, or None when there is none."""
    prev = ws.previous(result.review.doc_id)
    if prev is None:
        return None
    earlier = prev.findings
    decoded = codec.loads(prev.parsed) if prev.parsed else None
    if decoded is not None:  # judge the earlier report with today's rules and its own corrections
        old = AuditResult(path=prev.path, document=decoded[0], report=decoded[1])
        apply_corrections(old.report, prev.corrections)
        apply_rules(old, config)
        earlier = old.findings
    own_quotes = {f.fingerprint: ws.own_quote(f.fingerprint) for f in prev.own}
    return compare(earlier + prev.own, prev.decisions, result, previous_path=prev.path, previous_doc=prev.doc_id,
                   quote_of=lambda f: own_quotes.get(f.fingerprint, ""))


def audit_at(workspace: str, readonly: bool, path: str, config=None) -> AuditResult:
    """Audit ``path`` recording into the workspace at ``workspace`` (opened for this file).

    The reader a worker process runs (the pool sends it a ``functools.partial`` of this):
    a workspace that cannot be opened leaves the file audited, with a doubt saying so.
    """
    try:
        ws = Workspace.open(workspace, readonly=readonly, durable=False, check=False)
    except WorkspaceError as exc:
        from app.model import ParseWarning

        result = audit_file(path, config)
        result.warnings.append(ParseWarning("workspace", f"审核工作区不可用，本次结果未保存：{exc.message}"))
        return result
    try:
        return audit_recorded(path, ws, config)
    finally:
        ws.close()
