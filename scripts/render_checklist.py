"""Render the correction checklist as it prints, for docs/checklist.png.

Audits the sample reports through the real pipeline, writes the checklist, converts it
with LibreOffice (headless) to PDF and the first 整改清单 page with pdftoppm to PNG, so
the picture in the README is what an auditor actually gets on paper.

    .venv/bin/python scripts/render_checklist.py [--out docs/checklist.png] [--xlsx FILE] [PATH...]

Without PATHs it audits three samples chosen so that the page shows all three
severities (the reproducible docs/checklist.png). ``--xlsx FILE`` renders an existing
workbook instead of auditing. ``--sheet 汇总`` renders another sheet. Needs ``soffice``,
``pdftoppm`` and ``pdftotext`` (poppler-utils) on PATH.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.export.xlsx import SHEET_FINDINGS, write_checklist  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
DEFAULT_INPUTS = [str(SAMPLES / n) for n in
                  ("hongze-district-2024.pdf", "002_3a1cadb5854a4598.txt", "004_c4b5b95fa9e8725d.txt")]


def audit(paths: list[str]) -> list:
    from app.audit import audit_file
    from app.ingest import iter_report_files

    return [audit_file(p) for p in iter_report_files(paths)]


def to_pdf(xlsx: Path, workdir: Path) -> Path:
    # A private profile: another soffice (a user's, or a parallel test) must not block us.
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), str(xlsx)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
    )
    return workdir / (xlsx.stem + ".pdf")


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def first_page_of(pdf: Path, sheet: str) -> int:
    """The first page whose footer names ``sheet`` (the footer reads "title — sheet")."""
    for page in range(1, page_count(pdf) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        if f"— {sheet}" in text:
            return page
    return 1


def to_png(pdf: Path, page: int, out: Path, dpi: int) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="把整改清单渲染为 PNG（LibreOffice → PDF → PNG）")
    p.add_argument("paths", nargs="*", default=DEFAULT_INPUTS)
    p.add_argument("--out", default=str(ROOT / "docs" / "checklist.png"))
    p.add_argument("--xlsx", help="渲染已有的整改清单，而不是重新审核")
    p.add_argument("--sheet", default=SHEET_FINDINGS)
    p.add_argument("--dpi", type=int, default=110)
    p.add_argument("--keep", help="同时把生成的 xlsx 和 pdf 复制到此文件夹")
    args = p.parse_args(argv)
    for tool in ("soffice", "pdftoppm", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"缺少工具：{tool}", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.xlsx:
            xlsx = work / "checklist.xlsx"
            shutil.copyfile(args.xlsx, xlsx)
        else:
            results = audit(args.paths)
            n = sum(len(r.findings) for r in results)
            print(f"{len(results)} 份报告，{n} 条问题", file=sys.stderr)
            xlsx = write_checklist(results, work / "checklist.xlsx")
        pdf = to_pdf(xlsx, work)
        page = first_page_of(pdf, args.sheet)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        to_png(pdf, page, out, args.dpi)
        if args.keep:
            keep = Path(args.keep)
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(xlsx, keep)
            shutil.copy(pdf, keep)
        print(f"{out}（PDF 第 {page} 页，共 {page_count(pdf)} 页）", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
