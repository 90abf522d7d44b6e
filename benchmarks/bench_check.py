"""Median time to run every rule on a parsed report (target: ≤ 5 ms per report).

Usage: ``.venv/bin/python benchmarks/bench_check.py [FILE ...]`` (default: the samples).
Parsing is done once, outside the timing; only ``app.rules.check`` is measured.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from app.config import RuleConfig
from app.ingest import read_document
from app.parse import parse_document
from app.rules import check

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 5.0


def bench(path: Path, rounds: int = 200) -> float:
    report = parse_document(read_document(str(path)))
    config = RuleConfig()
    check(report, config)  # warm-up (imports, regex compilation)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        check(report, config)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(
        p for p in (ROOT / "tests" / "fixtures" / "samples").iterdir() if p.suffix in (".txt", ".pdf"))
    worst = 0.0
    for f in files:
        ms = bench(f)
        worst = max(worst, ms)
        print(f"{ms:7.3f} ms  {f.name}")
    print(f"worst median {worst:.3f} ms (target ≤ {TARGET_MS} ms): {'OK' if worst <= TARGET_MS else 'TOO SLOW'}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
