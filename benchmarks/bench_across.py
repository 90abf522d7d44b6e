"""Cross-report checks on a county of N reports (a script, not a test): ``python benchmarks/bench_across.py [N]``.

1. all-against-all: ``cross_check`` over N reports of one year (default 500) — unit
   identity, continuity, 雷同 (the inverted shingle index) and the overview — limit 10 s;
2. the same batch with the workspace holding the same N units' reports of last year
   (decoded from the store, compared year over year and for copying), limit 10 s;
3. the overview alone: ``overview.build`` and the Excel overview sheet with its charts.
The reports are generated (benchmarks/county_corpus.py) and parsed before the timing.
Exit code 1 when a limit is exceeded.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import county_corpus  # noqa: E402

LIMIT_S = 10.0
N = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 500


def best(fn, rounds: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> int:
    from app.across import cross_check
    from app.across import overview as ov
    from app.config import RuleConfig
    from app.workspace import FileInfo, Workspace, codec

    print(f"{os.cpu_count()} cores; generating and parsing {N} + {N} reports …", flush=True)
    this_year = county_corpus.results(N, 2023, seed=12)
    last_year = county_corpus.results(N, 2022, seed=7)
    cfg = RuleConfig()
    failed = False

    seconds, outcome = best(lambda: cross_check(this_year, None, cfg))
    found = sum(len(v) for v in outcome.findings.values())
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.seconds.items())
    print(f"all-against-all, {N} reports: {seconds:.2f} s ({stages}); {found} findings, "
          f"{len(outcome.pairs)} copied pairs (limit {LIMIT_S:.0f} s)")
    failed |= seconds > LIMIT_S

    with tempfile.TemporaryDirectory() as tmp:
        with Workspace.open(Path(tmp) / "ws.db", durable=False) as ws:
            for i, r in enumerate(last_year):
                blob = codec.dumps(r.document, r.report)
                ws.register(r, FileInfo(r.path, len(blob), 0.0, f"{i:064x}"), blob, "bench")
            seconds, outcome = best(lambda: cross_check(this_year, ws, cfg), rounds=2)
        kinds: dict[str, int] = {}
        for fs in outcome.findings.values():
            for f in fs:
                kinds[f.rule] = kinds.get(f.rule, 0) + 1
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.seconds.items())
        print(f"with last year's {N} kept in the workspace: {seconds:.2f} s ({stages}); findings {kinds} "
              f"(limit {LIMIT_S:.0f} s)")
        failed |= seconds > LIMIT_S

    seconds, overview = best(lambda: ov.build(this_year))
    print(f"overview of {N} reports: {seconds * 1000:.0f} ms")
    from openpyxl import Workbook

    from app.export.overview_sheet import add_overview_sheet

    def sheet():
        wb = Workbook()
        add_overview_sheet(wb, overview=overview)
        with tempfile.TemporaryDirectory() as tmp:
            wb.save(Path(tmp) / "overview.xlsx")

    seconds, _ = best(sheet)
    print(f"overview sheet with charts, {N} units, built and saved: {seconds * 1000:.0f} ms")
    print("OK" if not failed else "TOO SLOW")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
