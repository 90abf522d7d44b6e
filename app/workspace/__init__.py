"""The audit store (no Qt): what was read, what the auditor decided, and re-checks of revisions.

``Workspace`` (store.py) is the SQLite database; ``audit_recorded`` (pipeline.py) is the
one-file pipeline the window and the command line share; ``compare`` (recheck.py) pairs
a revised report's findings with the earlier ones.
"""
from app.workspace.store import FileInfo, Workspace, WorkspaceError

__all__ = ["FileInfo", "Workspace", "WorkspaceError"]
