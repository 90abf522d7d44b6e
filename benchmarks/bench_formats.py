"""Per-format read times: median seconds of ``read_document`` (and of the whole audit) per file.

Run from the project root: ``.venv/bin/python benchmarks/bench_formats.py [--repeat N]``.
For the real PDFs it also times the naive pdfplumber reading (text + tables on every
page) that the PDF reader replaced, so the before/after stays measurable.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIX = ROOT / "tests" / "fixtures"

FILES = {
    "txt": [FIX / "samples" / "003_14adff9be6592cdd.txt"],
    "pdf": [FIX / "samples" / "huaian-city-2024.pdf", FIX / "samples" / "hongze-district-2024.pdf",
            FIX / "formats" / "seed-003-docx.pdf", FIX / "formats" / "seed-003-html.pdf"],
    "docx": [FIX / "formats" / "seed-003.docx", FIX / "template-2021-blank.docx"],
    "html": [FIX / "formats" / "seed-003.html"],
    "mht": [FIX / "formats" / "seed-003.mht"],
    "doc (LibreOffice)": [FIX / "formats" / "seed-003.doc"],
}


def median_time(fn, repeat: int, clock=time.perf_counter) -> float:
    """Median over ``repeat`` runs; ``time.process_time`` gives CPU time, steadier on a busy machine."""
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times)


def naive_pdfplumber(path: Path) -> None:
    """The reading this project started from: pdfplumber text and tables on every page."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            clean = page.dedupe_chars()
            clean.extract_text()
            clean.extract_tables()
            page.close()


def main(argv: list[str]) -> None:
    from app.audit import audit_file
    from app.ingest import read_document

    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 7
    for files in FILES.values():  # warm imports and caches once
        read_document(files[0]) if "doc " not in str(files[0]) else None
    print(f"{'format':18} {'file':34} {'read (median s)':>16} {'audit (median s)':>17}")
    per_format: dict[str, list[float]] = {}
    for fmt, files in FILES.items():
        n = 3 if fmt.startswith("doc ") else repeat
        for f in files:
            read = median_time(lambda: read_document(f), n)
            audit = median_time(lambda: audit_file(str(f)), n)
            per_format.setdefault(fmt, []).append(read)
            print(f"{fmt:18} {f.name:34} {read:16.4f} {audit:17.4f}")
    print("\nper-format median of read times:")
    for fmt, times in per_format.items():
        print(f"  {fmt:18} {statistics.median(times):.4f} s  ({len(times)} file(s))")
    print("\nPDF before/after (pdfplumber on every page vs pdfium + pdfplumber on table pages):")
    for f in FILES["pdf"][:2]:
        for label, clock in (("wall", time.perf_counter), ("cpu", time.process_time)):
            before = median_time(lambda: naive_pdfplumber(f), repeat, clock)
            after = median_time(lambda: read_document(f), repeat, clock)
            print(f"  {f.name:30} {label:4} before {before:.3f} s   after {after:.3f} s   ({before / after:.1f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
