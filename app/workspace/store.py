"""The audit store: one SQLite database that keeps every report read and everything decided.

Plain ``sqlite3`` in autocommit mode with explicit transactions: every auditor action
(a decision, a correction, an own finding, a status) is one ``BEGIN IMMEDIATE … COMMIT``
and is on disk when the call returns (``synchronous=FULL``), so killing the program
loses at most the action in flight. WAL mode lets the window read while worker
processes record what they read. A database that is corrupt, locked, read-only or
from a newer release raises ``WorkspaceError`` with a Chinese message and never loses
data silently.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import __version__
from app.model import (
    DECISIONS, REPORT_STATES, AuditResult, CellRef, Correction, Decision, Finding, Number, Review,
)
from app.workspace import codec, schema
from app.workspace.identity import path_key, unit_key
from app.workspace.location import is_network_path, resolve

log = logging.getLogger(__name__)

BUSY_MS = 5000


class WorkspaceError(Exception):
    """The workspace cannot be used as asked; ``message`` is for the auditor."""

    KINDS = ("corrupt", "locked", "readonly", "newer", "io")

    def __init__(self, kind: str, message: str, path: Path | None = None):
        super().__init__(message)
        self.kind, self.message, self.path = kind, message, path

    def __reduce__(self):
        return (WorkspaceError, (self.kind, self.message, self.path))


@dataclass(frozen=True)
class FileInfo:
    """What identifies a file on disk: where, how big, when changed, and its content hash."""

    path: str
    size: int
    mtime: float | None
    sha256: str


@dataclass
class Previous:
    """The earlier revision of a report, as needed to compare a revised one with it."""

    doc_id: int
    path: str
    parsed: bytes | None
    findings: list[Finding]
    decisions: dict[str, Decision]
    corrections: list[Correction]
    own: list[Finding]


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _error_from(exc: sqlite3.Error, path: Path | None) -> WorkspaceError:
    text = str(exc).lower()
    where = f"（{path}）" if path else ""
    if "locked" in text or "busy" in text:
        return WorkspaceError("locked", f"审核工作区数据库{where}正被其他程序占用（可能另一个窗口正在写入）。", path)
    if "readonly" in text or "read-only" in text:
        return WorkspaceError("readonly", f"审核工作区数据库{where}是只读的，审核决定无法保存。", path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return WorkspaceError("corrupt", f"审核工作区数据库{where}已损坏，无法读取。", path)
    if "unable to open" in text or "disk" in text or "i/o" in text:
        return WorkspaceError("io", f"无法打开或写入审核工作区数据库{where}（磁盘已满、路径不存在或没有权限）。", path)
    return WorkspaceError("io", f"审核工作区数据库{where}出错：{exc}", path)


class Workspace:
    """One open workspace database. A connection belongs to one thread or process."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, readonly: bool):
        self.conn, self.path, self.readonly = conn, path, readonly

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path | None = None, *, readonly: bool = False, durable: bool = True,
             check: bool = True) -> Workspace:
        """Open (creating and migrating as needed) the workspace at ``path`` (default location).

        ``durable``: every commit reaches the disk before returning (auditor actions);
        worker processes that only record re-derivable readings pass False.
        ``check``: run SQLite's quick integrity check (once, when the window opens it).
        """
        target = resolve(path)
        try:
            if not readonly:
                target.parent.mkdir(parents=True, exist_ok=True)
            elif not target.exists():
                raise WorkspaceError("io", f"审核工作区数据库（{target}）不存在。", target)
            uri = target.resolve().as_uri() + ("?mode=ro" if readonly else "")
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_MS / 1000,
                                   check_same_thread=False)
        except OSError as exc:
            raise WorkspaceError("io", f"无法创建审核工作区文件夹（{target.parent}）：{exc.strerror or exc}", target) from exc
        except sqlite3.Error as exc:
            raise _error_from(exc, target) from exc
        ws = cls(conn, target, readonly)
        try:
            ws._configure(durable=durable, check=check)
        except sqlite3.Error as exc:
            conn.close()
            raise _error_from(exc, target) from exc
        except WorkspaceError:
            conn.close()
            raise
        return ws

    @classmethod
    def in_memory(cls) -> Workspace:
        """A workspace that lives as long as the object (nothing is kept): tests, fallbacks."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        ws = cls(conn, None, False)
        ws._configure(durable=False, check=False)
        return ws

    def _configure(self, durable: bool, check: bool) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        c.execute("PRAGMA foreign_keys = ON")
        if check:
            row = c.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise WorkspaceError("corrupt", f"审核工作区数据库（{self.path}）已损坏：完整性检查未通过。", self.path)
        found = schema.version(c)
        if found > schema.VERSION:
            if not self.readonly:
                raise WorkspaceError(
                    "newer", f"审核工作区数据库（{self.path}）由更新版本的年报审核助手创建，本版本只能以只读方式打开。",
                    self.path)
            return
        if self.readonly:
            if found < schema.VERSION:
                raise WorkspaceError("readonly", f"审核工作区数据库（{self.path}）版本较旧且为只读，无法升级。", self.path)
            return
        if self.path is not None:
            network = is_network_path(self.path)
            # WAL needs shared memory on the same machine: a shared drive keeps the rollback journal.
            c.execute("PRAGMA journal_mode = " + ("DELETE" if network else "WAL"))
        c.execute("PRAGMA synchronous = " + ("FULL" if durable else "NORMAL"))
        schema.migrate(c)
        if found == 0:
            with self._write():
                c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('created_by', ?)", (__version__,))

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; a failure rolls it back whole and raises ``WorkspaceError``."""
        if self.readonly:
            raise WorkspaceError("readonly", "审核工作区以只读方式打开，修改不会保存。", self.path)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _error_from(exc, self.path) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if isinstance(exc, sqlite3.Error):
                raise _error_from(exc, self.path) from exc
            raise

    def _read(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise _error_from(exc, self.path) from exc

    # ------------------------------------------------------------------ readings

    def cached_reading(self, sha256: str, parser_rev: str) -> bytes | None:
        rows = self._read("SELECT parsed FROM documents WHERE sha256 = ? AND parser_rev = ? AND parsed IS NOT NULL",
                          (sha256, parser_rev))
        return rows[0][0] if rows else None

    def document_id(self, sha256: str) -> int | None:
        rows = self._read("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return rows[0][0] if rows else None

    def register(self, result: AuditResult, info: FileInfo, parsed: bytes | None, parser_rev: str) -> int:
        """Keep one file read: its identity and its reading; pair it with an earlier revision.

        One transaction. Returns the document id. A file content seen before keeps its
        id (and so every decision made on it), wherever it now lies.
        """
        rep = result.report
        org = rep.org if rep else None
        year = rep.year if rep else None
        template = rep.template if rep else None
        error = json.dumps({"code": result.error.code, "message": result.error.message},
                           ensure_ascii=False) if result.error else None
        fmt = result.document.format if result.document else None
        stamp = now()
        with self._write() as c:
            row = c.execute("SELECT id, parsed IS NOT NULL, parser_rev FROM documents WHERE sha256 = ?",
                            (info.sha256,)).fetchone()
            if row is None:
                cur = c.execute(
                    "INSERT INTO documents(sha256, size, format, org, unit_key, year, template, parser_rev, parsed,"
                    " read_error, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (info.sha256, info.size, fmt, org, unit_key(org), year, template, parser_rev, parsed, error,
                     stamp, stamp))
                doc_id = cur.lastrowid
                fresh = True
            else:
                doc_id, has_parse, old_rev = row
                fresh = False
                c.execute("UPDATE documents SET org = ?, unit_key = ?, year = ?, template = ?, format = ?,"
                          " read_error = ?, last_seen = ? WHERE id = ?",
                          (org, unit_key(org), year, template, fmt, error, stamp, doc_id))
                if parsed is not None and (not has_parse or old_rev != parser_rev):
                    c.execute("UPDATE documents SET parsed = ?, parser_rev = ? WHERE id = ?",
                              (parsed, parser_rev, doc_id))
            key = path_key(info.path)
            c.execute("INSERT INTO paths(path, document_id, mtime, size, seen_at) VALUES (?,?,?,?,?)"
                      " ON CONFLICT(path, document_id) DO UPDATE SET mtime = excluded.mtime,"
                      " size = excluded.size, seen_at = excluded.seen_at",
                      (key, doc_id, info.mtime, info.size, stamp))
            if fresh:
                self._pair(c, doc_id, unit_key(org), year, key, stamp)
        return doc_id

    def add_run(self, doc_id: int, result: AuditResult) -> None:
        """Keep the findings of one check run (as the auditor saw them: corrections applied)."""
        findings = json.dumps([codec.finding_to_json(f) for f in result.findings], ensure_ascii=False)
        with self._write() as c:
            c.execute("INSERT INTO runs(document_id, at, app_version, findings, rules_run) VALUES (?,?,?,?,?)",
                      (doc_id, now(), __version__, findings, json.dumps(result.rules_run)))

    def _pair(self, c: sqlite3.Connection, doc_id: int, ukey: str | None, year: int | None, key: str,
              stamp: str) -> None:
        """A new file content of a unit and year seen before is a revision of the latest one.

        Without a recognised unit, a new content at a path that held another is one too
        (the unit replaced its file in place). Dismissals carry over to the revision.
        """
        prev = None
        if ukey and year:
            prev = c.execute("SELECT id FROM documents WHERE unit_key = ? AND year = ? AND id != ?"
                             " ORDER BY last_seen DESC, id DESC LIMIT 1", (ukey, year, doc_id)).fetchone()
        if prev is None:
            prev = c.execute("SELECT document_id FROM paths WHERE path = ? AND document_id != ?"
                             " ORDER BY seen_at DESC LIMIT 1", (key, doc_id)).fetchone()
            if prev is not None and ukey and year:
                other = c.execute("SELECT unit_key, year FROM documents WHERE id = ?", (prev[0],)).fetchone()
                if other[0] and other[1] and (other[0], other[1]) != (ukey, year):
                    prev = None  # another unit's report now lies at this path: not a revision
        if prev is None:
            return
        c.execute("INSERT OR IGNORE INTO revisions(document_id, previous_id, paired_at) VALUES (?,?,?)",
                  (doc_id, prev[0], stamp))
        c.execute("INSERT OR IGNORE INTO decisions(document_id, fingerprint, decision, reason, comment, carried, at)"
                  " SELECT ?, fingerprint, decision, reason, comment, 1, ? FROM decisions"
                  " WHERE document_id = ? AND decision = 'dismissed'", (doc_id, stamp, prev[0]))
        # Corrections are carried as offers; ``settle_corrections`` applies those whose raw reading is unchanged.
        c.execute("INSERT OR IGNORE INTO corrections(document_id, table_name, row_key, col, value, read_value, read_raw,"
                  " carried, offered, at) SELECT ?, table_name, row_key, col, value, read_value, read_raw, 1, 1, ?"
                  " FROM corrections WHERE document_id = ? AND offered = 0", (doc_id, stamp, prev[0]))

    def settle_corrections(self, doc_id: int, readings: dict[tuple[str, str, int], tuple[Number | None, str]]) -> None:
        """Apply the carried corrections whose cell still reads the same (``readings``: ref -> (value, raw))."""
        rows = self._read("SELECT table_name, row_key, col, read_value, read_raw FROM corrections"
                          " WHERE document_id = ? AND carried = 1 AND offered = 1", (doc_id,))
        settle = []
        for table, row, col, read_value, read_raw in rows:
            seen = readings.get((table, row, col))
            if seen is not None and seen[0] == _num(read_value) and seen[1] == read_raw:
                settle.append((doc_id, table, row, col))
        if settle and not self.readonly:
            with self._write() as c:
                c.executemany("UPDATE corrections SET offered = 0 WHERE document_id = ? AND table_name = ?"
                              " AND row_key = ? AND col = ?", settle)

    # ------------------------------------------------------------------ review

    def review(self, doc_id: int) -> Review:
        sha = self._read("SELECT sha256 FROM documents WHERE id = ?", (doc_id,))
        review = Review(doc_id=doc_id, sha256=sha[0][0] if sha else "", readonly=self.readonly)
        review.decisions = self.decisions(doc_id)
        review.corrections = self.corrections(doc_id)
        review.own = self.own_findings(doc_id)
        state = self._read("SELECT status FROM report_states WHERE document_id = ?", (doc_id,))
        review.status = state[0][0] if state else None
        return review

    def decisions(self, doc_id: int) -> dict[str, Decision]:
        rows = self._read("SELECT fingerprint, decision, reason, comment, at, carried FROM decisions"
                          " WHERE document_id = ?", (doc_id,))
        return {fp: Decision(kind, reason, comment, at, bool(carried)) for fp, kind, reason, comment, at, carried in rows}

    def corrections(self, doc_id: int) -> list[Correction]:
        rows = self._read("SELECT table_name, row_key, col, value, read_value, read_raw, at, carried, offered"
                          " FROM corrections WHERE document_id = ? ORDER BY table_name, row_key, col", (doc_id,))
        return [Correction(t, _row(t, r), col, _num(v), _num(rv), raw, at, bool(carried), bool(offered))
                for t, r, col, v, rv, raw, at, carried, offered in rows]

    def own_findings(self, doc_id: int) -> list[Finding]:
        rows = self._read("SELECT uid, severity, message, suggestion, location, section, span_start, span_end,"
                          " cells, deadline FROM own_findings WHERE document_id = ? AND deleted = 0"
                          " ORDER BY created_at, uid", (doc_id,))
        out = []
        for uid, sev, msg, sugg, loc, section, s0, s1, cells, deadline in rows:
            refs = [CellRef(c["table"], _row(c["table"], c["row"]), int(c["col"])) for c in json.loads(cells or "[]")]
            out.append(Finding(rule=OWN_RULE, severity=sev, message=msg, suggestion=sugg, cells=refs,
                               span=(s0, s1) if s0 is not None and s1 is not None else None, title="审核人员添加",
                               location=loc, section=section, fingerprint=f"{OWN_RULE}:{uid}", own=True,
                               deadline=deadline or None))
        return out

    def own_quote(self, fingerprint: str) -> str:
        uid = fingerprint.split(":", 1)[-1]
        rows = self._read("SELECT quote FROM own_findings WHERE uid = ?", (uid,))
        return rows[0][0] if rows else ""

    def previous(self, doc_id: int) -> Previous | None:
        """The earlier revision this document is paired with, with what was decided on it."""
        rows = self._read("SELECT r.previous_id, d.parsed FROM revisions r JOIN documents d ON d.id = r.previous_id"
                          " WHERE r.document_id = ?", (doc_id,))
        if not rows:
            return None
        prev_id, parsed = rows[0]
        path = self._read("SELECT path FROM paths WHERE document_id = ? ORDER BY seen_at DESC LIMIT 1", (prev_id,))
        run = self._read("SELECT findings FROM runs WHERE document_id = ? ORDER BY id DESC LIMIT 1", (prev_id,))
        findings = [codec.finding_from_json(d) for d in json.loads(run[0][0])] if run else []
        return Previous(prev_id, path[0][0] if path else "", parsed, findings, self.decisions(prev_id),
                        [c for c in self.corrections(prev_id) if not c.offered], self.own_findings(prev_id))

    def path_of(self, doc_id: int) -> str:
        rows = self._read("SELECT path FROM paths WHERE document_id = ? ORDER BY seen_at DESC LIMIT 1", (doc_id,))
        return rows[0][0] if rows else ""

    # ------------------------------------------------------------------ auditor actions (one transaction each)

    def set_decision(self, doc_id: int, fingerprint: str, kind: str, reason: str = "",
                     comment: str | None = None) -> Decision:
        """Record a decision; returns the one it replaced (for undo). 排除 needs a reason."""
        if kind not in DECISIONS:
            raise ValueError(kind)
        if kind == "dismissed" and not reason.strip():
            raise ValueError("a dismissal needs a reason")
        with self._write() as c:
            before = self._decision_in(c, doc_id, fingerprint)
            keep = before.comment if comment is None else comment
            c.execute("INSERT INTO decisions(document_id, fingerprint, decision, reason, comment, carried, at)"
                      " VALUES (?,?,?,?,?,0,?) ON CONFLICT(document_id, fingerprint) DO UPDATE SET"
                      " decision = excluded.decision, reason = excluded.reason, comment = excluded.comment,"
                      " carried = 0, at = excluded.at",
                      (doc_id, fingerprint, kind, reason.strip() if kind == "dismissed" else "", keep, now()))
        return before

    def restore_decision(self, doc_id: int, fingerprint: str, decision: Decision) -> None:
        """Put a decision back exactly as it was (undo/redo)."""
        with self._write() as c:
            c.execute("DELETE FROM decisions WHERE document_id = ? AND fingerprint = ?", (doc_id, fingerprint))
            if decision.kind != "open" or decision.comment or decision.at:
                c.execute("INSERT INTO decisions(document_id, fingerprint, decision, reason, comment, carried, at)"
                          " VALUES (?,?,?,?,?,?,?)", (doc_id, fingerprint, decision.kind, decision.reason,
                                                       decision.comment, int(decision.carried), decision.at or now()))

    def _decision_in(self, c: sqlite3.Connection, doc_id: int, fingerprint: str) -> Decision:
        row = c.execute("SELECT decision, reason, comment, at, carried FROM decisions WHERE document_id = ?"
                        " AND fingerprint = ?", (doc_id, fingerprint)).fetchone()
        return Decision(row[0], row[1], row[2], row[3], bool(row[4])) if row else Decision()

    def set_comment(self, doc_id: int, fingerprint: str, comment: str) -> Decision:
        with self._write() as c:
            before = self._decision_in(c, doc_id, fingerprint)
            c.execute("INSERT INTO decisions(document_id, fingerprint, decision, reason, comment, carried, at)"
                      " VALUES (?,?,?,?,?,?,?) ON CONFLICT(document_id, fingerprint) DO UPDATE SET"
                      " comment = excluded.comment, at = excluded.at",
                      (doc_id, fingerprint, before.kind, before.reason, comment, int(before.carried), now()))
        return before

    def set_correction(self, doc_id: int, correction: Correction) -> Correction | None:
        """Record a corrected cell (replacing any earlier one); returns the earlier one (for undo)."""
        with self._write() as c:
            before = self._correction_in(c, doc_id, correction.table, str(correction.row), correction.col)
            c.execute("INSERT OR REPLACE INTO corrections(document_id, table_name, row_key, col, value, read_value,"
                      " read_raw, carried, offered, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                      (doc_id, correction.table, str(correction.row), correction.col, json.dumps(correction.value),
                       json.dumps(correction.read_value), correction.read_raw, int(correction.carried),
                       int(correction.offered), correction.at or now()))
        return before

    def remove_correction(self, doc_id: int, table: str, row: str | int, col: int) -> Correction | None:
        with self._write() as c:
            before = self._correction_in(c, doc_id, table, str(row), col)
            c.execute("DELETE FROM corrections WHERE document_id = ? AND table_name = ? AND row_key = ? AND col = ?",
                      (doc_id, table, str(row), col))
        return before

    def _correction_in(self, c: sqlite3.Connection, doc_id: int, table: str, row: str, col: int) -> Correction | None:
        r = c.execute("SELECT value, read_value, read_raw, at, carried, offered FROM corrections WHERE document_id = ?"
                      " AND table_name = ? AND row_key = ? AND col = ?", (doc_id, table, row, col)).fetchone()
        if r is None:
            return None
        return Correction(table, _row(table, row), col, _num(r[0]), _num(r[1]), r[2], r[3], bool(r[4]), bool(r[5]))

    def add_own_finding(self, doc_id: int, finding: Finding, quote: str = "", uid: str | None = None) -> str:
        """Keep a finding the auditor added; returns its fingerprint (``OWN:uid``)."""
        uid = uid or uuid.uuid4().hex[:16]
        cells = json.dumps([{"table": c.table, "row": c.row, "col": c.col} for c in finding.cells], ensure_ascii=False)
        span = finding.span or (None, None)
        with self._write() as c:
            c.execute("INSERT OR REPLACE INTO own_findings(uid, document_id, severity, message, suggestion, location,"
                      " section, span_start, span_end, quote, cells, deadline, created_at, deleted)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
                      (uid, doc_id, finding.severity, finding.message, finding.suggestion, finding.location,
                       finding.section, span[0], span[1], quote, cells, finding.deadline, now()))
        return f"{OWN_RULE}:{uid}"

    def delete_own_finding(self, fingerprint: str, deleted: bool = True) -> None:
        """Delete (or, for undo, bring back) an own finding; it is only marked, never erased."""
        uid = fingerprint.split(":", 1)[-1]
        with self._write() as c:
            c.execute("UPDATE own_findings SET deleted = ? WHERE uid = ?", (int(deleted), uid))

    def set_status(self, doc_id: int, status: str | None) -> str | None:
        """Set (or with None, reset to the default) the report's status; returns the previous one."""
        if status is not None and status not in REPORT_STATES:
            raise ValueError(status)
        with self._write() as c:
            row = c.execute("SELECT status FROM report_states WHERE document_id = ?", (doc_id,)).fetchone()
            if status is None:
                c.execute("DELETE FROM report_states WHERE document_id = ?", (doc_id,))
            else:
                c.execute("INSERT OR REPLACE INTO report_states(document_id, status, at) VALUES (?,?,?)",
                          (doc_id, status, now()))
        return row[0] if row else None

    # ------------------------------------------------------------------ library (across reports)

    def documents(self) -> list[dict]:
        """Every report kept (without its reading): for overviews and cross-report checks."""
        rows = self._read("SELECT id, sha256, org, unit_key, year, template, first_seen, last_seen FROM documents"
                          " ORDER BY id")
        keys = ("id", "sha256", "org", "unit_key", "year", "template", "first_seen", "last_seen")
        return [dict(zip(keys, r)) for r in rows]

    def reading(self, doc_id: int) -> bytes | None:
        rows = self._read("SELECT parsed FROM documents WHERE id = ?", (doc_id,))
        return rows[0][0] if rows else None


OWN_RULE = "MANUAL"


def _num(text: str | None) -> Number | None:
    if text is None:
        return None
    value = json.loads(text) if isinstance(text, str) else text
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _row(table: str, row: str) -> str | int:
    """Row keys are strings except table 四's (always 0)."""
    return int(row) if table == "table4" else row

