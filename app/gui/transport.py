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
        result = audit_file(path) if workspace is None else _audit_recorded(path, workspace, readonly)
    except BaseException as exc:  # audit_file should not raise; a worker must still answer
        result = AuditResult(path=path, status="error",
                             error=ReadError("internal", f"读取时发生内部错误（{type(exc).__name__}）。"))
    return pack(result)


def _audit_recorded(path: str, workspace: str, readonly: bool):
    from app.model import ParseWarning
    from app.workspace import Workspace, WorkspaceError
    from app.workspace.pipeline import audit_recorded

    try:
        ws = Workspace.open(workspace, readonly=readonly, durable=False, check=False)
    except WorkspaceError as exc:  # the window has said so already; this file is still audited
        from app.audit import audit_file

        result = audit_file(path)
        result.warnings.append(ParseWarning("workspace", f"审核工作区不可用，本次结果未保存：{exc.message}"))
        return result
    try:
        return audit_recorded(path, ws)
    finally:
        ws.close()


def lower_priority() -> None:
    """Worker-process initializer: yield the CPU to the window so it never stutters.

    Best effort: below-normal priority on Windows, ``nice`` elsewhere.
    """
    import os
    import sys

    try:
        if sys.platform.startswith("win"):
            import ctypes

            below_normal = 0x00004000
            kernel32 = ctypes.windll.kernel32
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(10)
    except Exception:  # priority is a courtesy, never a reason to fail
        pass
