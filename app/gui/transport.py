"""Run one audit in a worker process and carry the result back across the process boundary.

Kept free of Qt so that a spawned worker imports only the core. ``ReadError`` cannot be
pickled as it stands (its ``__init__`` takes two arguments, ``Exception.__reduce__``
replays one), so the error travels as a plain ``(code, message)`` pair and is rebuilt.
"""
from __future__ import annotations

from app.model import AuditResult, ReadError

Packed = tuple[AuditResult, tuple[str, str] | None]


def pack(result: AuditResult) -> Packed:
    error = None
    if result.error is not None:
        error = (result.error.code, result.error.message)
        result.error = None
    return result, error


def unpack(packed: Packed) -> AuditResult:
    result, error = packed
    if error is not None:
        result.error = ReadError(*error)
    return result


def audit_packed(path: str, workspace: str | None = None, readonly: bool = False) -> Packed:
    """The function a worker process runs: never raises, whatever the file holds.

    With ``workspace`` (the database path) the file is recorded there and comes back
    with its review: decisions, corrections, own findings, the re-check of a revision.
    """
    from app.audit import audit_file

    try:
        if workspace is None:
            result = audit_file(path)
        else:
            from app.workspace.pipeline import audit_at

            result = audit_at(workspace, readonly, path)
    except BaseException as exc:  # audit_file should not raise; a worker must still answer
        result = AuditResult(path=path, status="error",
                             error=ReadError("internal", f"读取时发生内部错误（{type(exc).__name__}）。"))
    return pack(result)

