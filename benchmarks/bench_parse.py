"""Median time to read and parse each sample report (issue target: ≤ 10 ms per text report).

Run: python benchmarks/bench_parse.py [FILES...]   (defaults to the bundled samples)
Measured after start-up (imports and the first, warming run are excluded).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.ingest import read_document  # noqa: E402
from app.parse import parse_document  # noqa: E402


def median_ms(fn, repeat: int = 15) -> float:
    fn()  # warm caches (normaliser tables, regexes)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "resources" / "samples").glob("*.txt"))
    print(f"{'file':42} {'read ms':>8} {'parse ms':>9} {'total ms':>9}")
    for f in files:
        doc = read_document(f)
        r = median_ms(lambda: read_document(f))
        p = median_ms(lambda: parse_document(doc))
        print(f"{f.name[:42]:42} {r:8.2f} {p:9.2f} {r + p:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
