"""The workspace database schema and its migrations (``PRAGMA user_version``).

Migrations only ever go forward, one numbered step each, every step in the same
transaction as the version bump: a database is always at exactly one version. A
database written by a newer release (a higher version than ``VERSION``) is never
touched by an older one; it can still be opened read-only.
"""
from __future__ import annotations

import sqlite3

V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per file content (SHA-256): a renamed or moved file keeps its state.
CREATE TABLE documents(
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    format TEXT,
    org TEXT,
    unit_key TEXT,              -- the normalised org: with year, "the same report" across revisions
    year INTEGER,
    template TEXT,
    parser_rev TEXT,            -- which reader produced ``parsed``
    parsed BLOB,                -- the reading (app.workspace.codec), NULL when unreadable
    read_error TEXT,            -- JSON {"code", "message"} when the file could not be read
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX documents_unit_year ON documents(unit_key, year);

-- Where a file content was seen (normalised absolute path).
CREATE TABLE paths(
    path TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    mtime REAL,
    size INTEGER,
    seen_at TEXT NOT NULL,
    PRIMARY KEY(path, document_id)
);
CREATE INDEX paths_document ON paths(document_id);

-- The findings of each check run (JSON list, fingerprints included).
CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    at TEXT NOT NULL,
    app_version TEXT NOT NULL,
    findings TEXT NOT NULL,
    rules_run TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX runs_document ON runs(document_id, id);

-- A revised report and the earlier one of the same unit and year it is compared with.
CREATE TABLE revisions(
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    previous_id INTEGER NOT NULL REFERENCES documents(id),
    paired_at TEXT NOT NULL
);

CREATE TABLE decisions(
    document_id INTEGER NOT NULL REFERENCES documents(id),
    fingerprint TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('open', 'confirmed', 'dismissed')),
    reason TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    carried INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    PRIMARY KEY(document_id, fingerprint)
);

CREATE TABLE corrections(
    document_id INTEGER NOT NULL REFERENCES documents(id),
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col INTEGER NOT NULL,
    value TEXT,                 -- JSON number or null
    read_value TEXT,            -- JSON number or null: what the reader saw
    read_raw TEXT NOT NULL DEFAULT '',
    carried INTEGER NOT NULL DEFAULT 0,
    offered INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    PRIMARY KEY(document_id, table_name, row_key, col)
);

CREATE TABLE own_findings(
    uid TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message TEXT NOT NULL,
    suggestion TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    section INTEGER,
    span_start INTEGER,
    span_end INTEGER,
    quote TEXT NOT NULL DEFAULT '',   -- the words selected, to find them again in a revision
    cells TEXT NOT NULL DEFAULT '[]',
    deadline TEXT,
    created_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX own_findings_document ON own_findings(document_id);

CREATE TABLE report_states(
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

#: MIGRATIONS[i] takes the database from version i to i + 1.
MIGRATIONS: list[str] = [V1]
VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to ``VERSION``; returns the version it was at.

    The connection is in autocommit mode (``isolation_level=None``): each step runs in its
    own explicit transaction, statement by statement (``executescript`` would commit).
    """
    start = version(conn)
    for step in range(start, VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version(conn) != step:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` decides)."""
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        text = "\n".join(buf)
        if sqlite3.complete_statement(text):
            out.append(text.strip())
            buf = []
    return [s for s in out if s.strip(" ;\n")]
