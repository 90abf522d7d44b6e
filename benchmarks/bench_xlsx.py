"""Benchmark: writing the correction checklist for 500 findings must take at most 1 s.

The findings are spread over 10 reports built on the text of a real sample, with the
long messages, suggestions and excerpts real findings have, so that the time includes
the cleaning, the row-height estimate, the styles and the zip compression.

    .venv/bin/python benchmarks/bench_xlsx.py [--findings 500] [--runs 7]

Prints the median (and min/max) and exits 1 when the median is over the budget.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.export.xlsx import write_checklist  # noqa: E402
from app.model import AuditResult, CellRef, Finding, ParseWarning, Report  # noqa: E402
from app.template import T3_COLUMNS, T3_KEYS_2021, t3_row_title  # noqa: E402

BUDGET_SECONDS = 1.0
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "000_3e90722e65647b3d.txt"


def make_results(n_findings: int, n_reports: int = 10) -> list[AuditResult]:
    text = SAMPLE.read_text(encoding="utf-8", errors="replace")
    results = []
    per = -(-n_findings // n_reports)
    made = 0
    for r in range(n_reports):
        rep = Report(text=text, org=f"第{r + 1}测试镇人民政府", year=2023, template="2021")
        findings = []
        for k in range(min(per, n_findings - made)):
            key, col = T3_KEYS_2021[k % len(T3_KEYS_2021)], k % 7
            start = (k * 97) % max(1, len(text) - 20)
            findings.append(Finding(
                rule=f"T3-{k % 12:02d}", severity=("error", "warning", "info")[k % 3],
                message=f"表三“{t3_row_title(key)}”× {T3_COLUMNS[col]} 为 {k}，"
                        f"但一、本年新收 + 二、上年结转 − 四、结转下年度继续办理 = {k + 1}，两者不等。",
                suggestion="核对表三各办理结果的填报，使（七）总计等于本年新收加上年结转减结转下年度继续办理。",
                cells=[CellRef("table3", key, col)], span=(start, start + 12), title="表三列平衡",
                location=f"表三 “{t3_row_title(key)}” × {T3_COLUMNS[col]}", current=str(k),
                expected=f"{k + 1}（= 一+二 − 四）", section=3))
        made += len(findings)
        warnings = [ParseWarning("t3-shift", "表三第 7 行少一列，已按位置补齐。", (100, 120), "表三")]
        results.append(AuditResult(path=f"/batch/{r:03d}.txt", report=rep, findings=findings,
                                   warnings=warnings, rules_run=sorted({f.rule for f in findings})))
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--findings", type=int, default=500)
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args(argv)
    results = make_results(args.findings)
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        write_checklist(results, Path(tmp) / "warmup.xlsx")  # imports, first-use caches
        for i in range(args.runs):
            t0 = time.perf_counter()
            write_checklist(results, Path(tmp) / f"run{i}.xlsx")
            times.append(time.perf_counter() - t0)
        size = (Path(tmp) / "run0.xlsx").stat().st_size
    median = statistics.median(times)
    print(f"checklist for {sum(len(r.findings) for r in results)} findings in {len(results)} reports: "
          f"median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs), "
          f"{size / 1024:.0f} KiB; budget {BUDGET_SECONDS:.1f} s")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
