"""Render the window on real reports to a PNG: ``python -m app.gui.screenshot OUT.png PATH...``.

Used for the pictures in docs/. Opens PATH (files or folders) with a throw-away
workspace, waits until they are read, selects the report with the most errors and its
first finding, and grabs the window. ``--review`` first plays a short review on that
report as an auditor would: confirms the table errors, dismisses a warning with a
reason, corrects a cell and adds an own finding. Runs offscreen when there is no display
(CJK fonts come from the system, e.g. fonts-noto-cjk).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def render(out: Path, paths: list[str], size: tuple[int, int] = (1600, 1000), timeout: float = 120.0,
           review: bool = False) -> Path:
    from PySide6.QtCore import QSettings

    from app.gui.waiting import run_until, settle

    from app.gui.main import make_app
    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings
    from app.gui.status import report_status

    make_app([sys.argv[0]])
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:  # Windows: a file still open
        settings = Settings(QSettings(str(Path(tmp) / "shot.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, workspace=str(Path(tmp) / "workspace.db"))
        window.resize(*size)
        window.show()
        window.open_paths(paths, remember=False)
        run_until(lambda: not window.is_loading(), timeout)
        settle(0.2)
        results = window.list_model.results()
        if results:
            worst = max(results, key=lambda r: report_status(r).rank)
            window.select_report(worst.path)
            settle(0.1)
            if review:
                _play_review(window)
            window.step_finding(1)
            _click_finding_cell(window)
        settle(0.3)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"无法保存截图：{out}")
        window.close()
    return out


def _play_review(window) -> None:
    """An auditor mid-review: errors confirmed, a warning dismissed, a cell corrected, an own finding."""
    from app.gui.waiting import settle
    from app.model import Finding

    view = window.report_view
    view.finish_pending()
    result = view.result
    review = window.review
    from app.gui.table_models import expected_values, parse_number

    cells = [f for f in result.findings if f.rule == "T3-CELL" and f.cells]
    if cells:  # the first wrong cell turns out to be a misreading: set it right
        value = parse_number((expected_values(cells[0]) or [""])[0])
        if value is not None:
            review.correct(result, cells[0].cells[0], value)
    errors = [f for f in result.findings if f.severity == "error"]
    review.decide([(result, f) for f in errors[1:]], "confirmed")
    warnings = [f for f in result.findings if f.severity == "warning"]
    if warnings:
        review.decide([(result, warnings[-1])], "dismissed", "地方另有规定")
    text = result.report.text if result.report is not None else ""
    section = result.report.section(5) if result.report is not None else None
    if section is not None:
        start = section.heading_span[1] + 1
        span = (start, min(section.end, start + 24))
        review.add_own(result, Finding(rule="MANUAL", severity="warning", message="存在问题只列现象，未写改进措施的时限",
                                       suggestion="逐条写明整改措施和完成时限", span=span, location="第五部分",
                                       section=5, own=True), text[span[0]:span[1]])
    settle(0.2)


def _click_finding_cell(window) -> None:
    """Click the cell the current finding points at, as a user would after F8: that cell
    is lit, the other cells of the failed equations keep their severity tint."""
    from app.gui.table_models import SPAN_ROLE

    view = window.report_view
    finding = next((f for f in view.findings.findings() if f.cells), None)
    if finding is None:
        return
    table = view.views().get(finding.cells[0].table)
    model = table.model()
    target = None
    for ref in finding.cells:
        pos = model.position(ref)
        if pos is None:
            continue
        index = model.index(*pos)
        if target is None or model.data(index, SPAN_ROLE) == finding.span:
            target = index
    if target is not None:
        table.setCurrentIndex(target)
        view.text.show_span(finding.span or model.data(target, SPAN_ROLE))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.gui.screenshot", description="把主窗口渲染为 PNG 截图")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--size", default="1600x1000", help="窗口大小，如 1600x1000")
    p.add_argument("--review", action="store_true", help="先演示一段审核（确认、排除、修正、添加问题）再截图")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    w, h = (int(x) for x in args.size.lower().split("x"))
    print(render(Path(args.out), args.paths, (w, h), review=args.review))
    return 0


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
