"""The window while the cross-report checks run on N reports (a script): ``python benchmarks/bench_across_gui.py [N]``.

N generated reports (benchmarks/county_corpus.py, default 500) are put into the report
list as if just loaded; then the cross-report checks run (a pool thread) and their
outcome is applied and the 总览 tab drawn (GUI thread). A 10 ms QTimer probe measures
the longest event-loop block meanwhile (limit 100 ms); the overview is then shown and
redrawn at another width, and a rule bar clicked (the list filtered), each timed.
Runs offscreen unless a display is set. Exit code 1 when a limit is exceeded.
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
from bench_gui import LoopProbe  # noqa: E402

BLOCK_LIMIT_MS = 100.0
N = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 500


def main() -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from app.gui.main import make_app
    from app.gui.main_window import MainWindow
    from app.gui.settings import Settings
    from app.gui.waiting import run_until, settle

    print(f"{os.cpu_count()} cores; generating and parsing {N} reports …", flush=True)
    results = county_corpus.results(N)
    make_app([sys.argv[0]])
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Settings(QSettings(str(Path(tmp) / "b.ini"), QSettings.Format.IniFormat)))
        window.resize(1600, 1000)
        window.show()
        window.list_model.add_results(results, {r.path: None for r in results})
        __import__("gc").freeze()  # as the window does with loaded results
        window.stack.setCurrentIndex(1)
        settle(0.5)
        probe = LoopProbe()
        probe.start()
        t0 = time.perf_counter()
        window.across.run()
        run_until(lambda: window.across.outcome is not None and not window.across.running, 300)
        seconds = time.perf_counter() - t0
        settle(0.3)
        block = probe.stop()
        found = sum(len(v) for v in window.across.outcome.findings.values())
        print(f"cross-report checks on {N} reports in the window: {seconds:.2f} s, {found} findings; "
              f"longest event-loop block {block:.0f} ms (limit {BLOCK_LIMIT_MS:.0f} ms)")
        failed |= block > BLOCK_LIMIT_MS

        ov = window.across.overview
        steps = (("总览 shown", window.across.show_overview), ("window resized", lambda: window.resize(1300, 900)),
                 ("a rule bar clicked (list filtered)", lambda: ov._rule_clicked(ov.rule_chart.bars[0].key)),
                 ("filter cleared", lambda: ov.filterRequested.emit("", None)))
        for name, step in steps:
            probe.start()
            t0 = time.perf_counter()
            step()
            settle(0.4)
            block = probe.stop()
            print(f"{name}: longest event-loop block {block:.0f} ms ({window.proxy.rowCount()} reports listed)")
            failed |= block > BLOCK_LIMIT_MS
        window.close()
    print("OK" if not failed else "TOO SLOW")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
