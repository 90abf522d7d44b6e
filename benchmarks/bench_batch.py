"""Batch throughput of ``govaudit check``: 500 mixed reports, one job against all cores.

Run from the project root: ``.venv/bin/python benchmarks/bench_batch.py [--count 500] [--jobs 1 2]``.

A folder of ``--count`` copies of the real fixtures (text, PDF, Word, web page, MHT;
the mix of a typical folder: mostly PDFs and text) is read by the real command line
(``python -m app check FOLDER --format json --no-text --jobs N``) once per ``--jobs``
value. Printed: wall time, files per second and the speed-up over one job; the JSON of
every run must list the same reports in the same order (input order) with the same
figures. The machine's core count and load are printed too: on a shared machine the
speed-up is bounded by the cores that are actually free.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"

# (file, weight in the mix)
MIX = [
    (FIX / "samples" / "huaian-city-2024.pdf", 3),
    (FIX / "samples" / "hongze-district-2024.pdf", 3),
    (FIX / "formats" / "seed-003-docx.pdf", 2),
    (FIX / "formats" / "seed-003-html.pdf", 2),
    *[(p, 1) for p in sorted((FIX / "samples").glob("0*.txt"))],
    (FIX / "formats" / "seed-003.docx", 2),
    (FIX / "formats" / "seed-003.html", 1),
    (FIX / "formats" / "seed-003.mht", 1),
]


def make_folder(folder: Path, count: int) -> None:
    cycle = [p for p, w in MIX for _ in range(w)]
    for i in range(count):
        src = cycle[i % len(cycle)]
        shutil.copy(src, folder / f"{i:04d}-{src.name}")


def run(folder: Path, jobs: int, data: Path) -> tuple[float, dict]:
    env = dict(os.environ, XDG_DATA_HOME=str(data), LOCALAPPDATA=str(data))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "app", "check", str(folder), "--format", "json", "--no-text",
                           "--jobs", str(jobs)], capture_output=True, cwd=ROOT, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1, 2):
        sys.exit(f"check failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    return elapsed, json.loads(proc.stdout.decode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    args = ap.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.count} mixed reports; {os.cpu_count()} cores, load average {load:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="govaudit-bench-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        make_folder(folder, args.count)
        baseline = None
        reference = None
        for jobs in args.jobs:
            elapsed, doc = run(folder, jobs, Path(tmp) / "data")
            figures = [(r["file"], r["status"], r.get("table3"), r.get("table4")) for r in doc["reports"]]
            if reference is None:
                reference = figures
            elif figures != reference:
                print("  results differ from the first run!")
                return 1
            baseline = baseline or elapsed
            unread = sum(r["status"] != "ok" for r in doc["reports"])
            print(f"--jobs {jobs}: {elapsed:6.1f} s, {args.count / elapsed:5.1f} files/s, "
                  f"speed-up {baseline / elapsed:.2f}x, unreadable {unread}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
