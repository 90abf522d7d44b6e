"""The long fuzz run: mutate real reports by the thousand and read them as a batch would.

Usage::

    .venv/bin/python scripts/fuzz_files.py [--count 3500] [--seed 1] [--jobs N] [--timeout 20]
                                           [--keep DIR] [--cli]

Mutants of every fixture format (text, PDF, Word, web page, MHT) are written to a
temporary folder and read through ``app.batch.AuditPool`` — the pool, the worker
logging and the time budget of ``govaudit check`` — with file descriptor 2 captured,
so anything a worker or a native library prints is seen. Counted: tracebacks on
stderr, generic internal errors (English class names), JSON that is not strict,
files over the budget, crashed workers, rule failures; and the slowest files.
``--keep DIR`` copies every offending file there for a regression test; ``--cli``
also runs the real command line over the same folder and checks its stderr and JSON.
Exit code 0 when nothing offended.

The quick version of this run is part of the test suite (tests/test_fuzz_corpus.py,
over the committed corpus in tests/fixtures/fuzz).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz.mutate import mutate  # noqa: E402
from tests.fuzz.seeds import SEEDS  # noqa: E402

GENERIC = re.compile(r"（[A-Za-z_.]*(?:Error|Exception|Warning|Interrupt|Exit)[A-Za-z_.]*）|内部错误")


def strict_json(text: str) -> bool:
    def refuse(name: str):
        raise ValueError(name)
    try:
        json.loads(text, parse_constant=refuse)
        return True
    except ValueError:
        return False


def offences(result) -> list[str]:
    """What is wrong with one result (empty when it is a clean reading or a clear refusal)."""
    from app.result import dumps_strict, report_json

    out = []
    if result.error is not None:
        if result.error.code in ("internal", "crashed", "timeout", "no_worker"):
            out.append(result.error.code)
        if GENERIC.search(result.error.message) or not re.search(r"[\u4e00-\u9fff]", result.error.message):
            out.append("generic-message")
    for w in result.warnings:
        if w.code == "internal" or w.code.startswith("rule-failed") or GENERIC.search(w.message):
            out.append(f"warning:{w.code}")
    if not strict_json(dumps_strict(report_json(result))):
        out.append("json")
    return out


def make_mutants(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    files = []
    for k in range(count):
        src = SEEDS[k % len(SEEDS)]
        how, data = mutate(src.read_bytes(), src.suffix, rng)
        dest = folder / f"{k:05d}-{how}-{src.stem[:16]}{src.suffix}"
        dest.write_bytes(data)
        files.append(dest)
    return files


def run_pool(files: list[Path], jobs: int, timeout: float, logs: Path) -> tuple[list, str, float]:
    """Read every file through the pool with fd 2 captured; (results, captured stderr, seconds)."""
    from app.batch import AuditPool
    from app.logsetup import setup_logging

    setup_logging(folder=logs, install_hook=False, console_fallback=False)
    capture = logs / "stderr.txt"
    saved = os.dup(2)
    with open(capture, "wb") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            t0 = time.perf_counter()
            results = [None] * len(files)
            for index, result in AuditPool(jobs, timeout).run([str(f) for f in files]):
                results[index] = result
            elapsed = time.perf_counter() - t0
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
    return results, capture.read_text(encoding="utf-8", errors="replace"), elapsed


def run_cli(folder: Path, jobs: int, timeout: float) -> list[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(folder.parent / "cli-data"), LOCALAPPDATA=str(folder.parent / "cli-data"))
    proc = subprocess.run([sys.executable, "-m", "app", "check", str(folder), "--format", "json", "--no-text",
                           "--jobs", str(jobs), "--timeout", str(timeout)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env)
    problems = []
    if "Traceback" in proc.stderr:
        problems.append("cli: traceback on stderr")
    if not strict_json(proc.stdout):
        problems.append("cli: stdout is not strict JSON")
    if proc.returncode not in (0, 1, 2):
        problems.append(f"cli: exit code {proc.returncode}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=3500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=20.0, help="per-file budget in seconds")
    ap.add_argument("--keep", type=Path, help="copy offending files here")
    ap.add_argument("--cli", action="store_true", help="also run the real command line over the mutants")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="govaudit-fuzz-") as tmp:
        folder = Path(tmp) / "mutants"
        folder.mkdir()
        files = make_mutants(folder, args.count, args.seed)
        results, stderr, elapsed = run_pool(files, args.jobs, args.timeout, Path(tmp) / "logs")
        counts: collections.Counter[str] = collections.Counter()
        bad: dict[Path, list[str]] = {}
        for f, r in zip(files, results):
            counts["error:" + (r.error.code if r.error else "none")] += 1
            problems = offences(r)
            if problems:
                bad[f] = problems
        tracebacks = stderr.count("Traceback")
        times = sorted(((sum(r.seconds.values()), f.name) for f, r in zip(files, results) if r.seconds), reverse=True)
        cli_problems = run_cli(folder, args.jobs, args.timeout) if args.cli else []
        if args.keep and bad:
            args.keep.mkdir(parents=True, exist_ok=True)
            for f in bad:
                shutil.copy(f, args.keep / f.name)

    kinds = collections.Counter(p for ps in bad.values() for p in ps)
    print(f"mutated files tried: {len(files)} (seed {args.seed}, {args.jobs} jobs, budget {args.timeout:g} s) "
          f"in {elapsed:.0f} s")
    print(f"tracebacks on stderr: {tracebacks}")
    print(f"generic internal errors: {kinds['internal'] + kinds['generic-message']}")
    print(f"non-strict JSON: {kinds['json']}")
    print(f"over budget: {kinds['timeout']}; crashed workers: {kinds['crashed']}; rule/internal warnings: "
          f"{sum(n for k, n in kinds.items() if k.startswith('warning:'))}")
    print("slowest files: " + ", ".join(f"{name} {sec:.2f} s" for sec, name in times[:5]))
    print("outcomes: " + ", ".join(f"{k.split(':', 1)[1]} {n}" for k, n in counts.most_common()))
    for f, problems in list(bad.items())[:30]:
        print(f"  {f.name}: {', '.join(problems)}")
    for p in cli_problems:
        print(p)
    if tracebacks:
        print(stderr[-3000:])
    return 1 if bad or tracebacks or cli_problems else 0


if __name__ == "__main__":
    sys.exit(main())
