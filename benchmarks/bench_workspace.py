"""Workspace benchmark (a script, not a test): ``python benchmarks/bench_workspace.py [N]``.

1. A folder of N distinct reports (default 500: the text samples with a distinct unit
   name each, and the real PDFs with a distinct trailing byte) is audited into a fresh
   workspace, then audited again: the second pass reuses the stored readings by file
   hash and must be faster.
2. Auditor actions on that workspace (set a decision, with the durable commit the window
   uses): 95 % of them within 20 ms (the slowest is printed too: one fsync on a busy
   disk can take longer, and the window never waits for it — the store has its own thread).
Exit code 1 when a limit is exceeded.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
DECISION_LIMIT_MS = 20.0

def make_folder(folder: Path, n: int) -> list[Path]:
    """N distinct report files made from the committed samples (distinct content = distinct hash)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(SAMPLES.glob("0*.txt"))
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    out = []
    for i in range(n):
        if pdfs and i % 7 == 6:
            src = pdfs[(i // 7) % len(pdfs)]
            data = src.read_bytes() + f"\n% copy {i}\n".encode()  # after %%EOF: still the same PDF
            target = folder / f"{i:04}_{src.name}"
            target.write_bytes(data)
        else:
            src = texts[i % len(texts)]
            text = src.read_text(encoding="utf-8")

            text = text.replace("人民政府", f"第{i}人民政府", 2) if "人民政府" in text else f"第{i}单位" + text
            target = folder / f"{i:04}_{src.name}"
            target.write_text(text, encoding="utf-8")
        out.append(target)
    return out

def run_pass(files: list[Path], db: Path) -> float:
    from app.config import load_config
    from app.workspace import Workspace
    from app.workspace.pipeline import audit_recorded

    config = load_config()
    t0 = time.perf_counter()
    with Workspace.open(db, durable=False, check=False) as ws:
        for f in files:
            audit_recorded(str(f), ws, config)
    return time.perf_counter() - t0

def decision_latency(db: Path, count: int = 200) -> list[float]:
    from app.workspace import Workspace

    times = []
    with Workspace.open(db) as ws:  # durable, as the window's store thread
        docs = [d["id"] for d in ws.documents()][:count]
        for i, doc in enumerate(docs * (count // max(len(docs), 1) + 1)):
            if len(times) >= count:
                break
            t0 = time.perf_counter()
            ws.set_decision(doc, f"BENCH:{i}", "dismissed" if i % 2 else "confirmed", "读取有误")
            times.append((time.perf_counter() - t0) * 1000)
    return times

def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        files = make_folder(Path(tmp) / "reports", n)
        db = Path(tmp) / "workspace.db"
        first = run_pass(files, db)
        second = run_pass(files, db)
        size = db.stat().st_size / 1e6
        print(f"{n} reports into a fresh workspace: {first:.1f} s; again (stored readings reused): {second:.1f} s"
              f" ({first / max(second, 1e-9):.1f}× faster); database {size:.1f} MB")
        ok &= second < first
        times = decision_latency(db)
        p50, p95, worst = statistics.median(times), sorted(times)[int(len(times) * 0.95)], max(times)
        print(f"decision stored (durable commit): median {p50:.1f} ms, 95th percentile {p95:.1f} ms,"
              f" slowest {worst:.1f} ms (limit {DECISION_LIMIT_MS:.0f} ms for the 95th percentile)")
        ok &= p95 <= DECISION_LIMIT_MS
    print("OK" if ok else "LIMIT EXCEEDED")
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
