"""Screenshots of the cross-report views: ``python -m app.gui.across_screenshot OUTDIR PATH...``.

Used for docs/overview.png and docs/similarity.png (under ``xvfb-run``). Opens PATH (files
or folders), waits until they are read and compared, grabs the 总览 tab, then opens the
side-by-side comparison of the copied pair with the most shared text — one that names the
other unit, if there is one — on its second passage, and grabs that window.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def render(out_dir: Path, paths: list[str], size: tuple[int, int] = (1600, 1000), timeout: float = 180.0) -> list[Path]:
    from PySide6.QtCore import QSettings

    from app.gui.main import make_app
    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings
    from app.gui.waiting import run_until, settle

    make_app([sys.argv[0]])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Settings(QSettings(str(Path(tmp) / "shot.ini"), QSettings.Format.IniFormat)))
        window.resize(*size)
        window.show()
        window.open_paths(paths, remember=False)
        run_until(lambda: not window.is_loading(), timeout)
        across = window.across
        run_until(lambda: across.outcome is not None and not across.running, timeout)
        settle(0.5)
        across.show_overview()
        settle(0.5)
        target = out_dir / "overview.png"
        if not window.grab().save(str(target)):
            raise SystemExit(f"无法保存截图：{target}")
        written.append(target)
        pairs = [p for p in across.outcome.pairs if p.copied]
        if pairs:
            pair = max(pairs, key=lambda p: (bool(p.names), sum(p.sections[n].shared for n in p.copied)))
            dialog = across.compare_pair(pair)
            dialog.resize(*size)
            settle(0.5)
            if len(dialog.view.passages) > 1:
                dialog.view.list.setCurrentRow(1)
            settle(0.4)
            target = out_dir / "similarity.png"
            if not dialog.grab().save(str(target)):
                raise SystemExit(f"无法保存截图：{target}")
            written.append(target)
            dialog.close()
        window.close()
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.gui.across_screenshot", description="把总览和雷同比对渲染为 PNG 截图")
    p.add_argument("out", metavar="OUTDIR")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--size", default="1600x1000", help="窗口大小，如 1600x1000")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    w, h = (int(x) for x in args.size.lower().split("x"))
    for path in render(Path(args.out), args.paths, (w, h)):
        print(path)
    return 0


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
