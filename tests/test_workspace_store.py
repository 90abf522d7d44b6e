"""The audit store on real reports: what is decided survives, a revision is paired, bad databases are told."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.model import AuditResult, Correction, Finding
from app.workspace import FileInfo, Workspace, WorkspaceError
from app.workspace import schema
from app.workspace.pipeline import audit_recorded
from fixture_paths import FIXTURES, SAMPLES

WS = FIXTURES / "workspace"
ROOT = Path(__file__).resolve().parent.parent


def copy(src: Path, folder: Path, name: str | None = None) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    dst = folder / (name or src.name)
    shutil.copyfile(src, dst)
    return str(dst)


def make_docs(ws: Workspace, n: int = 1) -> None:
    """Documents 1..n (the decisions below must belong to a kept report)."""
    for i in range(1, n + 1):
        ws.register(AuditResult(path=f"/x/{i}.txt"), FileInfo(f"/x/{i}.txt", 1, 0.0, f"{i:064x}"), None, "rev")


def by_rule(result, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def test_decisions_corrections_and_own_findings_survive_closing(tmp_path):
    report = copy(WS / "before.txt", tmp_path / "reports")
    db = tmp_path / "ws" / "workspace.db"
    with Workspace.open(db) as ws:
        r = audit_recorded(report, ws)
        cells = by_rule(r, "T3-CELL")
        heading = by_rule(r, "STR-HEADING-NUMBER")
        assert len(cells) == 2 and len(heading) == 2
        doc = r.review.doc_id
        ws.set_decision(doc, cells[0].fingerprint, "confirmed")
        ws.set_decision(doc, heading[0].fingerprint, "dismissed", "地方另有规定", comment="本地模板无编号")
        ws.set_comment(doc, cells[1].fingerprint, "请核对原始台账")
        own = Finding(rule="MANUAL", severity="warning", message="第一部分照搬上年表述", suggestion="结合本年工作重写",
                      span=(10, 20), location="第一部分", section=1, own=True, deadline="2024-05-31")
        fp = ws.add_own_finding(doc, own, quote=r.report.text[10:20])
        ws.set_status(doc, "需整改")
    with Workspace.open(db) as ws:  # a new process would see the same: nothing is cached in memory
        again = audit_recorded(report, ws)
        rv = again.review
        assert rv.doc_id == doc
        assert rv.decisions[cells[0].fingerprint].kind == "confirmed"
        assert (rv.decisions[heading[0].fingerprint].kind, rv.decisions[heading[0].fingerprint].reason,
                rv.decisions[heading[0].fingerprint].comment) == ("dismissed", "地方另有规定", "本地模板无编号")
        assert rv.decisions[cells[1].fingerprint].kind == "open"
        assert rv.decisions[cells[1].fingerprint].comment == "请核对原始台账"
        assert [f.fingerprint for f in rv.own] == [fp] and rv.own[0].deadline == "2024-05-31"
        assert rv.status == "需整改"
        # What goes out: the dismissed warning stays home, the own finding goes.
        out = again.outgoing()
        assert heading[0].fingerprint not in {f.fingerprint for f in out}
        assert fp in {f.fingerprint for f in out}
        assert again.open_count("warning") == 2  # one rule warning left + the own finding


def test_a_moved_and_renamed_file_keeps_its_state(tmp_path):
    first = copy(WS / "before.txt", tmp_path / "a")
    with Workspace.open(tmp_path / "ws") as ws:
        r = audit_recorded(first, ws)
        f = by_rule(r, "T3-CELL")[0]
        ws.set_decision(r.review.doc_id, f.fingerprint, "dismissed", "读取有误")
        moved = copy(WS / "before.txt", tmp_path / "elsewhere", "乔官镇年报（改名）.txt")
        again = audit_recorded(moved, ws)
        assert again.review.doc_id == r.review.doc_id
        assert again.decision(f).kind == "dismissed"
        paths = {row[0] for row in ws.conn.execute("SELECT path FROM paths")}
        assert len(paths) == 2


def test_a_second_reading_of_the_same_content_reuses_the_stored_parse(tmp_path, monkeypatch):
    report = copy(SAMPLES / "huaian-city-2024.pdf", tmp_path)
    with Workspace.open(tmp_path / "ws") as ws:
        first = audit_recorded(report, ws)
        import app.audit

        def no_reading(*_a, **_k):
            raise AssertionError("the file was read again")

        monkeypatch.setattr(app.audit, "audit_file", no_reading)
        monkeypatch.setattr("app.workspace.pipeline.audit_file", no_reading)
        second = audit_recorded(report, ws)
    assert second.report == first.report
    assert [f.fingerprint for f in second.findings] == [f.fingerprint for f in first.findings]
    assert second.document.text == first.document.text


def test_a_correction_silences_the_error_the_misread_cell_caused(tmp_path):
    report = copy(WS / "misread.txt", tmp_path)
    with Workspace.open(tmp_path / "ws") as ws:
        r = audit_recorded(report, ws)
        (wrong,) = by_rule(r, "T3-CELL")
        ref = wrong.cells[0]
        assert (ref.row, ref.col) == ("open", 0) and r.report.cell(ref).value == 7
        ws.set_correction(r.review.doc_id, Correction("table3", "open", 0, 1, 7, r.report.cell(ref).raw))
        again = audit_recorded(report, ws)
    assert not by_rule(again, "T3-CELL") and not again.count("error")
    value = again.report.cell(ref)
    assert value.value == 1 and value.correction is not None and value.correction.read_value == 7
    assert not any(f.rule.startswith("T3") for f in again.findings)  # the correction is no finding itself


def test_concurrent_writers_from_several_processes_all_land(tmp_path):
    db = tmp_path / "ws.db"
    with Workspace.open(db) as ws:
        make_docs(ws, 3)
    script = textwrap.dedent(f"""
        import sys
        from app.workspace import Workspace
        ws = Workspace.open({str(db)!r})
        for i in range(40):
            ws.set_decision(int(sys.argv[1]), f"R:{{i}}", "confirmed")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(n)], cwd=ROOT) for n in (1, 2, 3)]
    assert [p.wait(60) for p in procs] == [0, 0, 0]
    with Workspace.open(db) as ws:
        assert ws.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 120


def test_killing_a_writer_loses_at_most_the_action_in_flight(tmp_path):
    db = tmp_path / "ws.db"
    with Workspace.open(db) as ws:
        make_docs(ws)
    script = textwrap.dedent(f"""
        import sys
        from app.workspace import Workspace
        ws = Workspace.open({str(db)!r})
        i = 0
        while True:
            ws.set_decision(1, f"R:{{i}}", "dismissed", "读取有误", comment="x" * 2000)
            print(i, flush=True)  # committed
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    committed = -1
    deadline = time.monotonic() + 60
    while committed < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            committed = int(line)
    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
    rest = proc.stdout.read()  # what it said it had committed after we stopped listening
    proc.wait(30)
    last = max([committed] + [int(x) for x in rest.split() if x.strip().isdigit()])
    assert committed >= 150
    with Workspace.open(db) as ws:  # opens, passes the integrity check
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = {fp for (fp,) in ws.conn.execute("SELECT fingerprint FROM decisions")}
    assert {f"R:{i}" for i in range(last + 1)} <= kept  # every committed action is there
    assert kept <= {f"R:{i}" for i in range(last + 2)}  # and at most the one in flight besides


def test_a_corrupt_database_is_reported_in_chinese_and_left_in_place(tmp_path):
    db = tmp_path / "workspace.db"
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(db)
    assert err.value.kind == "corrupt" and "已损坏" in err.value.message
    assert db.read_bytes() == before  # never overwritten


def test_a_damaged_page_fails_the_integrity_check(tmp_path):
    db = tmp_path / "workspace.db"
    with Workspace.open(db) as ws:
        make_docs(ws)
        for i in range(200):
            ws.set_decision(1, f"R:{i}", "dismissed", "读取有误", comment="备注" * 200)
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    for k in range(page * 3, page * 3 + 2000):
        data[k] = 0xA5  # scribble over an interior page
    db.write_bytes(bytes(data))
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(db)
    assert err.value.kind == "corrupt"


def test_a_newer_database_opens_read_only_and_refuses_writes(tmp_path):
    db = tmp_path / "workspace.db"
    with Workspace.open(db) as ws:
        make_docs(ws)
        ws.set_decision(1, "R:1", "confirmed")
        ws.conn.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(db)
    assert err.value.kind == "newer" and "只读" in err.value.message
    with Workspace.open(db, readonly=True) as ro:
        assert ro.decisions(1)["R:1"].kind == "confirmed"
        with pytest.raises(WorkspaceError) as err:
            ro.set_decision(1, "R:2", "confirmed")
        assert err.value.kind == "readonly"


@pytest.mark.skipif(sys.platform.startswith("win") or (hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="file permissions do not bind root / work differently on Windows")
def test_a_read_only_database_file_is_told_not_crashed(tmp_path):
    db = tmp_path / "workspace.db"
    with Workspace.open(db) as ws:
        make_docs(ws)
    os.chmod(db, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        with pytest.raises(WorkspaceError) as err:
            with Workspace.open(db) as ws:
                ws.set_decision(1, "R:1", "confirmed")
        assert err.value.kind in ("readonly", "io")
    finally:
        os.chmod(tmp_path, 0o755)
        os.chmod(db, 0o644)


def test_a_locked_database_is_reported_as_locked(tmp_path):
    db = tmp_path / "workspace.db"
    Workspace.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")  # a rollback-journal writer blocks everyone
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        with pytest.raises(WorkspaceError) as err:
            import app.workspace.store as store

            old = store.BUSY_MS
            store.BUSY_MS = 200
            try:
                Workspace.open(db)
            finally:
                store.BUSY_MS = old
        assert err.value.kind == "locked" and "占用" in err.value.message
        assert time.monotonic() - start < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_first_release_schema_migrates_and_keeps_its_decisions(tmp_path):
    """A database written by schema version 1 (committed fixture) opens with this release."""
    db = tmp_path / "v1.db"
    shutil.copyfile(WS / "workspace-v1.db", db)
    with Workspace.open(db) as ws:
        assert schema.version(ws.conn) == schema.VERSION
        decisions = ws.decisions(1)
    assert decisions["T3-ARITH:fixture"].kind == "dismissed" and decisions["T3-ARITH:fixture"].reason == "读取有误"


def test_every_migration_step_is_in_one_transaction(tmp_path):
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    assert schema.migrate(conn) == 0
    assert schema.version(conn) == schema.VERSION
    assert schema.migrate(conn) == schema.VERSION  # idempotent
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "paths", "runs", "decisions", "corrections", "own_findings", "report_states",
            "revisions", "meta"} <= tables


def test_json_of_a_recorded_check_carries_decisions(tmp_path):
    report = copy(WS / "before.txt", tmp_path / "r")
    db = tmp_path / "ws"
    with Workspace.open(db) as ws:
        r = audit_recorded(report, ws)
        f = by_rule(r, "STR-HEADING-NUMBER")[0]
        ws.set_decision(r.review.doc_id, f.fingerprint, "dismissed", "地方另有规定")
    out = subprocess.run([sys.executable, "-m", "app", "check", report, "--format", "json", "--workspace", str(db)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    doc = json.loads(out.stdout)
    findings = doc["reports"][0]["findings"]
    dismissed = [x for x in findings if x["fingerprint"] == f.fingerprint]
    assert dismissed and dismissed[0]["decision"] == "dismissed" and dismissed[0]["reason"] == "地方另有规定"
    assert doc["reports"][0]["review"]["status"] == "待审核"
    stateless = subprocess.run([sys.executable, "-m", "app", "check", report, "--format", "json"],
                               cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert "decision" not in json.loads(stateless.stdout)["reports"][0]["findings"][0]


def test_the_command_line_says_why_a_workspace_cannot_be_used(tmp_path):
    db = tmp_path / "workspace.db"
    db.write_bytes(b"not a database at all" * 50)
    report = SAMPLES / "000_3e90722e65647b3d.txt"
    out = subprocess.run([sys.executable, "-m", "app", "check", str(report), "--workspace", str(db)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 2
    assert "审核工作区" in out.stderr and "已损坏" in out.stderr and "Traceback" not in out.stderr
    assert db.read_bytes() == b"not a database at all" * 50
