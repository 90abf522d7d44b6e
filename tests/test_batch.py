"""app.batch: the worker pool of ``check --jobs`` and the window — isolation, budget, order, cancel."""
from __future__ import annotations

import functools
import json
import multiprocessing
import shutil
import threading
import time

import pytest

import batch_targets
from app.batch import AuditPool, InputOrder
from formats_helpers import SAMPLES

TXT = sorted(SAMPLES.glob("0*.txt"))


def folder_of(tmp_path, names: list[str]):
    """Copies of sample 000 under the given names, in that order (sorted names keep it)."""
    paths = []
    for name in names:
        p = tmp_path / name
        shutil.copy(TXT[0], p)
        paths.append(str(p))
    return paths


def test_results_in_input_order_with_two_workers():
    paths = [str(p) for p in TXT]
    results = list(InputOrder(paths, AuditPool(jobs=2, budget=120)))
    assert [r.path for r in results] == paths
    assert all(r.ok and r.report.table3 is not None for r in results)


def test_a_file_over_its_budget_is_reported_and_the_batch_goes_on(tmp_path):
    paths = folder_of(tmp_path, ["a.txt", "hang-b.txt", "c.txt"])
    pool = AuditPool(jobs=2, budget=4, reader=batch_targets.reader)
    t0 = time.monotonic()
    results = list(InputOrder(paths, pool))
    assert time.monotonic() - t0 < 60
    assert [r.status for r in results] == ["ok", "error", "ok"]
    assert results[1].error.code == "timeout" and "读取超时" in results[1].error.message
    assert not multiprocessing.active_children()


def test_a_worker_that_dies_takes_only_its_file(tmp_path):
    paths = folder_of(tmp_path, ["a.txt", "crash-b.txt", "c.txt", "crash-d.txt", "e.txt"])
    results = list(InputOrder(paths, AuditPool(jobs=2, budget=60, reader=batch_targets.reader)))
    assert [r.status for r in results] == ["ok", "error", "ok", "error", "ok"]
    assert {results[1].error.code, results[3].error.code} == {"crashed"}
    assert "意外退出" in results[1].error.message


def test_cancel_stops_the_pool_and_its_workers(tmp_path):
    paths = folder_of(tmp_path, [f"hang-{i}.txt" for i in range(4)])
    pool = AuditPool(jobs=2, budget=None, reader=batch_targets.reader)
    got = []
    runner = threading.Thread(target=lambda: got.extend(pool.run(paths)))
    runner.start()
    time.sleep(3)
    pool.cancel()
    runner.join(timeout=20)
    assert not runner.is_alive() and got == []
    assert not multiprocessing.active_children()


def test_interrupted_reading_keeps_what_was_read(tmp_path):
    """Ctrl+C while the first file hangs: the files read after it are not lost."""
    paths = folder_of(tmp_path, ["hang-a.txt", "b.txt", "c.txt", "hang-d.txt"])
    reading = InputOrder(paths, AuditPool(jobs=2, budget=None, reader=batch_targets.reader))
    released = []
    runner = threading.Thread(target=lambda: released.extend(reading))
    runner.start()
    deadline = time.monotonic() + 60
    while reading.held < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    reading.pool.cancel()
    runner.join(timeout=20)
    assert released == []  # nothing could be released in order: a never finished
    rest = reading.rest()
    assert [r.path for r in rest] == paths
    assert [r.error.code if r.error else "ok" for r in rest] == ["interrupted", "ok", "ok", "interrupted"]
    assert not multiprocessing.active_children()


def test_worker_tracebacks_go_to_the_log_file_never_to_stderr(tmp_path, monkeypatch, capfd):
    """The CLI's logging: a worker's log.exception lands in the log file, the console stays clean."""
    import app.batch
    from app.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "data"))
    monkeypatch.setattr(app.batch, "AuditPool", functools.partial(AuditPool, reader=batch_targets.reader))
    paths = folder_of(tmp_path, ["log-a.txt", "b.txt"])
    code = main(["check", *paths, "--format", "json", "--no-text", "--jobs", "2"])
    out, err = capfd.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in err and "stray print" not in err
    assert [r["file"] for r in json.loads(out)["reports"]] == paths
    log = (tmp_path / "data" / "govaudit" / "logs" / "govaudit.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "模拟的读取错误" in log and "stray print" in log


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_json_is_the_document_json(tmp_path, monkeypatch, capsys, jobs):
    from app.audit import audit_file
    from app.cli import main
    from app.result import document_json

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    paths = [str(p) for p in TXT[:3]]
    assert main(["check", *paths, "--format", "json", "--jobs", str(jobs)]) in (0, 1)
    out = capsys.readouterr().out
    expected = json.dumps(document_json([audit_file(p) for p in paths]), ensure_ascii=False, indent=1) + "\n"
    assert out == expected


def test_no_files_still_prints_a_document(tmp_path, monkeypatch, capsys):
    from app.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "empty").mkdir()
    assert main(["check", str(tmp_path / "empty"), "--format", "json"]) == 2
    assert json.loads(capsys.readouterr().out) == {"schema": 1, "reports": []}
