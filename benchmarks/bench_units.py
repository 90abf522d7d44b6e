"""Benchmark: 导出整改通知 for 500 reports — one workbook each — must take at most 10 s.

The 500 results are the real samples audited once through the real pipeline and
repeated under 500 different unit names (the export does not care where a result came
from), so each workbook holds real findings with their real messages, places and
quotes. ``--notices`` adds the Word notice of each unit (reported, not budgeted).

    .venv/bin/python benchmarks/bench_units.py [--reports 500] [--runs 3] [--notices]

Prints the median wall time (and CPU time) and exits 1 when the median is over the budget.
"""
from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.audit import audit_file  # noqa: E402
from app.config import Office  # noqa: E402
from app.export.sendback import export_units  # noqa: E402

BUDGET_SECONDS = 10.0
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
OFFICE = Office(name="某某县人民政府办公室（县政务公开办）", contact="王某某", phone="0000-12345678", fix_days=15)


def make_results(n: int) -> list:
    base = [audit_file(str(p)) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".pdf")]
    results = []
    for i in range(n):
        r = copy.copy(base[i % len(base)])
        r.report = copy.copy(r.report)
        r.report.org = f"第{i + 1:03d}号测试镇人民政府"
        r.path = f"/batch/{i:03d}_{Path(r.path).name}"
        results.append(r)
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reports", type=int, default=500)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--notices", action="store_true", help="也生成 Word 整改通知")
    args = p.parse_args(argv)
    results = make_results(args.reports)
    findings = sum(len(r.outgoing()) for r in results)
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            outcome = export_units(results, Path(tmp) / f"run{i}", OFFICE, notices=args.notices, today=date(2025, 3, 5))
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            assert not outcome.failed and len(outcome.written) == args.reports, outcome.message()
        files = len(list((Path(tmp) / "run0").iterdir()))
    median = statistics.median(walls)
    print(f"{args.reports} reports ({findings} findings) -> {files} files"
          f"{' with Word notices' if args.notices else ''}: median {median:.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}, {args.runs} runs; "
          f"main-process CPU {statistics.median(cpus):.2f} s); budget {BUDGET_SECONDS:.0f} s")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
