"""Render what leaves the office as it prints, for the pictures in docs/.

Audits the sample reports through the real pipeline and a throw-away workspace (one
finding dismissed with a reason, one confirmed, one added by the auditor, so the
pictures show what a real review produces), exports the unit folder with Word notices
and the county summary, converts them with LibreOffice (headless) to PDF and the first
page of each with pdftoppm to PNG:

- docs/unit-checklist.png — page 1 of one unit's 整改清单 workbook;
- docs/notice.png — page 1 of the same unit's Word 整改通知;
- docs/summary.png — page 1 (汇总) of the county summary workbook.

    .venv/bin/python scripts/render_sendback.py [--out docs] [--keep FOLDER] [--dpi 110]

Needs ``soffice`` (with Calc and Writer), ``pdftoppm`` and ``pdfinfo`` on PATH. For
print-true widths LibreOffice needs the metric twins of the Office fonts (Debian:
fonts-crosextra-carlito) and CJK fonts (fonts-noto-cjk).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Office  # noqa: E402
from app.export.sendback import export_units  # noqa: E402
from app.export.xlsx import write_checklist  # noqa: E402
from app.model import Finding  # noqa: E402
from app.workspace import Workspace  # noqa: E402
from app.workspace.pipeline import audit_recorded  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
UNREADABLE = ROOT / "tests" / "fixtures" / "unreadable-synthetic.pdf"
SHOWN = "hongze-district-2024.pdf"  # the unit whose documents are pictured: all three severities
OFFICE = Office(name="某某县人民政府办公室（县政务公开办）", contact="王某某", phone="0000-12345678", fix_days=15)
TODAY = date(2025, 3, 5)


def audit(work: Path) -> list:
    """The samples through the workspace, with a few decisions an auditor would make."""
    paths = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".txt", ".pdf")) + [str(UNREADABLE)]
    with Workspace.open(work / "ws") as ws:
        results = [audit_recorded(p, ws) for p in paths]
        for r in results:
            if not r.ok:
                continue
            doc = r.review.doc_id
            for f in r.findings:
                if f.rule == "STR-RECTIFICATION":  # a local requirement this county does not make
                    ws.set_decision(doc, f.fingerprint, "dismissed", "地方另有规定")
                elif f.severity == "error":
                    ws.set_decision(doc, f.fingerprint, "confirmed")
            if Path(r.path).name == SHOWN:
                ws.add_own_finding(doc, Finding(
                    rule="MANUAL", severity="warning", own=True, section=6, location="第六部分",
                    message="第六部分未说明政务公开工作要点的落实情况。",
                    suggestion="补充本年度政务公开工作要点落实情况。"))
        return [audit_recorded(p, ws) for p in paths]


def to_pdf(source: Path, workdir: Path) -> Path:
    # A private profile: another soffice (a user's, or a parallel run) must not block us.
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(workdir), str(source)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    pdf = workdir / (source.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice 未能转换 {source.name}（是否安装了 Calc 和 Writer？）")
    return pdf


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def first_page_png(pdf: Path, out: Path, dpi: int) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="把整改清单、整改通知和审核汇总渲染为 PNG（LibreOffice → PDF → PNG）")
    p.add_argument("--out", default=str(ROOT / "docs"))
    p.add_argument("--dpi", type=int, default=110)
    p.add_argument("--keep", help="同时把生成的 xlsx、docx 和 pdf 复制到此文件夹")
    args = p.parse_args(argv)
    for tool in ("soffice", "pdftoppm", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"缺少工具：{tool}", file=sys.stderr)
            return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = audit(work)
        units = export_units(results, work / "units", OFFICE, notices=True, today=TODAY)
        shown = next(u for u in units.written if Path(u.path).name == SHOWN)
        summary = write_checklist(results, work / "审核汇总.xlsx", office=OFFICE, today=TODAY)
        made = {"unit-checklist.png": shown.checklist, "notice.png": shown.notice, "summary.png": summary}
        for name, source in made.items():
            pdf = to_pdf(source, work)
            first_page_png(pdf, out / name, args.dpi)
            print(f"{out / name}：{source.name}，共 {pages(pdf)} 页", file=sys.stderr)
            if args.keep:
                keep = Path(args.keep)
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, keep)
                shutil.copy(pdf, keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
