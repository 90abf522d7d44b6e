"""OCR of scanned reports: seconds per page, memory peak, and how well every fixture is read.

Run from the project root: ``.venv/bin/python benchmarks/bench_ocr.py [FILE ...]``.
Each fixture of tests/fixtures/ocr is audited in a fresh process (so the memory peak is
that file's own), with the reader's two worker threads (the target machine has 2 cores).
Printed per file: wall and CPU seconds of the whole audit; per table page (a page holding
a table, ruled or not) and per other page the mean and worst wall and CPU seconds (from
the reader's per-page progress calls); peak resident memory; and against the truth of
the text version: table 三/四 cells and table 二 cells read right, read wrong, and wrong
without being marked unknown/doubtful; error findings; OCR doubts. The load average
before and after is printed too: wall time depends on what else the machine runs, CPU
seconds do much less (on an idle 2-core machine a page's wall time is about its CPU
seconds / 1.6, the part that runs on one core being page preparation and parsing).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OCR = ROOT / "tests" / "fixtures" / "ocr"
THREADS = 2  # app.ingest.ocr.PageReader's default

FIXTURES = {
    "seed003-table3-200dpi-stamp.png": "seed-003.json",
    "seed003-mixed.pdf": "seed-003.json",
    "seed003-unbalanced-150dpi-stamp.pdf": "seed-003-unbalanced.json",
    "huaian-150dpi-rotated.pdf": "huaian-city-2024.json",
    "hongze-200dpi.pdf": "hongze-district-2024.json",
    "seed004-unruled-200dpi.pdf": "seed-004.json",
}


def one(path: Path, truth_path: Path) -> dict:
    """Audit ``path`` in this process and score it (runs in a child process)."""
    from app.audit import audit_file
    from app.config import RuleConfig

    from app.ingest.ocr_progress import listening

    ticks: list[tuple[float, float]] = []  # (wall, CPU) when each page was done (the first: reading starts)
    t0, c0 = time.perf_counter(), time.process_time()
    with listening(lambda _name, _done, _total: ticks.append((time.perf_counter(), time.process_time()))):
        res = audit_file(str(path), RuleConfig())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"file": path.name, "wall": wall, "cpu": cpu,
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if not res.ok:
        out["error"] = res.error.message
        return out
    doc, rep = res.document, res.report
    pages = doc.ocr.pages if doc.ocr else []
    out["ocr_pages"] = len(pages)
    with_tables = {g.page for g in doc.grids}
    out["table_pages"] = len(with_tables & {p.index for p in pages})
    # per page: (has a table, wall, CPU) between one page's end and the next
    out["per_page"] = [(p.index in with_tables, b[0] - a[0], b[1] - a[1])
                       for p, a, b in zip(pages, ticks, ticks[1:])]
    out["ocr_seconds"] = doc.ocr.seconds if doc.ocr else 0.0
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    cells: list[tuple[object, object]] = []
    for key, want in truth["table3"]["rows"].items():
        row = rep.table3.rows.get(key) if rep.table3 else None
        cells += [(w, row.values[c] if row else None) for c, w in enumerate(want)]
    if rep.table4 is not None or "seed003-table3" not in path.name:
        vals = rep.table4.values if rep.table4 else []
        cells += [(w, vals[i] if i < len(vals) else None) for i, w in enumerate(truth["table4"])]
    right, wrong, unmarked = _score(cells)
    t2: list[tuple[object, object]] = []
    if "seed003-table3" not in path.name:  # the picture holds table 三 alone
        for key, want in truth.get("section2", {}).items():
            row = rep.section2.rows.get(key) if rep.section2 else None
            want = want if isinstance(want, list) else [want]
            t2 += [(w, row.values[c] if row and c < len(row.values) else None) for c, w in enumerate(want)]
    out["t2"] = _score(t2)
    out.update(right=right, wrong=wrong, unmarked=unmarked,
               errors=[f"{f.rule}: {f.message}" for f in res.findings if f.severity == "error"],
               doubts=sum(1 for w in res.warnings if w.code.startswith("ocr-")))
    return out


def _score(cells: list[tuple[object, object]]) -> tuple[int, int, int]:
    """(right, wrong, wrong and not marked unknown/doubtful) of (truth, Value or None) pairs."""
    right = wrong = unmarked = 0
    for want, v in cells:
        if v is not None and v.value == want:
            right += 1
        else:
            wrong += 1
            if v is None or (v.value is not None and v.doubt is None):
                unmarked += 1
    return right, wrong, unmarked


def _per_page(pages: list) -> str:
    """Mean and worst wall / CPU seconds of the table pages, then of the other pages."""
    out = []
    for kind, want in (("table page", True), ("text page", False)):
        sel = [p for p in pages if bool(p[0]) == want]
        if sel:
            walls, cpus = [p[1] for p in sel], [p[2] for p in sel]
            out.append(f"per {kind} wall {sum(walls) / len(sel):.1f} s (max {max(walls):.1f}), "
                       f"CPU {sum(cpus) / len(sel):.1f} s (max {max(cpus):.1f})")
    return ", ".join(out) or "no OCR pages"


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # not on every platform
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one(Path(args.child[0]), Path(args.child[1])), ensure_ascii=False))
        return
    names = args.files or list(FIXTURES)
    total_right = total_wrong = total_unmarked = 0
    pages: list[tuple[bool, float, float]] = []
    t2 = [0, 0, 0]
    print(f"load average before: {_load()}")
    for name in names:
        path = OCR / Path(name).name
        proc = subprocess.run([sys.executable, __file__, "--child", str(path),
                               str(OCR / FIXTURES[path.name])], capture_output=True, text=True, encoding="utf-8")
        if proc.returncode:
            print(f"{path.name}: failed\n{proc.stderr[-2000:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        if "error" in r:
            print(f"{r['file']}: {r['error']}")
            continue
        pages += [tuple(p) for p in r["per_page"]]
        print(f"{r['file']}: {r['ocr_pages']} OCR pages ({r['table_pages']} with tables), "
              f"wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s; {_per_page(r['per_page'])}; "
              f"peak {r['peak_mb']:.0f} MB; table 三/四 cells right {r['right']}, wrong {r['wrong']} "
              f"(unmarked {r['unmarked']}); table 二 cells right {r['t2'][0]}, wrong {r['t2'][1]} "
              f"(unmarked {r['t2'][2]}); OCR doubts {r['doubts']}")
        for e in r["errors"]:
            print(f"    error finding: {e}")
        total_right += r["right"]
        total_wrong += r["wrong"]
        total_unmarked += r["unmarked"]
        t2 = [a + b for a, b in zip(t2, r["t2"])]
    print(f"all pages: {_per_page(pages)}; load average after: {_load()}")
    total = total_right + total_wrong
    if total:
        print(f"all: table 三/四 {total_right}/{total} cells right ({100 * total_right / total:.2f} %), "
              f"{total_wrong - total_unmarked} wrong ones marked, {total_unmarked} wrong and unmarked; "
              f"table 二 {t2[0]}/{t2[0] + t2[1]} right, {t2[1] - t2[2]} wrong ones marked, {t2[2]} unmarked")


if __name__ == "__main__":
    main()
