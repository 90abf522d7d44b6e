"""The committed fuzz corpus through the real command line, as a user's batch would run.

tests/fixtures/fuzz holds mutants of real reports in every format (byte flips,
truncation, chunk deletion, zip and XML surgery, absurd numbers, deep nesting; see
tests/fuzz/make_corpus.py). One ``govaudit check --jobs 2`` over the folder must give:
no traceback on stderr, no generic internal error, strict JSON with one report per file
in input order, every file within its time budget, no crashed worker, no failed rule,
and every refusal explained in Chinese. The long run is scripts/fuzz_files.py.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from formats_helpers import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = FIXTURES / "fuzz"
BUDGET = 30  # seconds per file; every mutant reads in a few seconds on a loaded two-core machine
GENERIC = re.compile(r"内部错误|（[A-Za-z_.]*(?:Error|Exception)[A-Za-z_.]*）")


def _refuse(name: str):
    raise ValueError(f"non-strict JSON constant {name}")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-data")
    env = dict(os.environ, XDG_DATA_HOME=str(data), LOCALAPPDATA=str(data), PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "app", "check", str(CORPUS), "--format", "json", "--no-text",
                           "--jobs", "2", "--timeout", str(BUDGET)],
                          capture_output=True, cwd=ROOT, env=env, timeout=900)
    return proc, data


def test_corpus_covers_every_format():
    kinds = {p.suffix for p in CORPUS.iterdir()}
    assert {".txt", ".pdf", ".docx", ".html", ".mht", ".doc"} <= kinds
    assert len(list(CORPUS.iterdir())) >= 120


def test_no_traceback_reaches_the_console(run):
    proc, data = run
    err = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err and "Error:" not in err, err[-3000:]
    assert proc.returncode in (0, 1, 2)


def test_json_is_strict_and_complete_in_input_order(run):
    proc, _ = run
    doc = json.loads(proc.stdout.decode("utf-8"), parse_constant=_refuse)
    files = sorted(str(p) for p in CORPUS.iterdir())
    assert [r["file"] for r in doc["reports"]] == files


def test_every_file_is_read_or_refused_for_a_stated_reason(run):
    proc, _ = run
    reports = json.loads(proc.stdout.decode("utf-8"))["reports"]
    problems = []
    for r in reports:
        name = Path(r["file"]).name
        err = r["error"]
        if err is not None:
            if err["code"] in ("internal", "timeout", "crashed", "no_worker"):
                problems.append(f"{name}: {err['code']}")
            if GENERIC.search(err["message"]) or not re.search(r"[\u4e00-\u9fff]", err["message"]):
                problems.append(f"{name}: {err['message']}")
        for w in r["parse_warnings"]:
            if w["code"] == "internal" or w["code"].startswith("rule-failed") or GENERIC.search(w["message"]):
                problems.append(f"{name}: {w['code']} {w['message']}")
    assert problems == []
    assert sum(r["status"] == "ok" for r in reports) >= len(reports) // 2  # most damage is survivable


def test_the_log_keeps_what_the_console_does_not(run):
    _, data = run
    log = data / "govaudit" / "logs" / "govaudit.log"
    assert log.is_file() and "argv=" in log.read_text(encoding="utf-8")
