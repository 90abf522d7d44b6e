"""The real window reads real files: statuses in the list, bad files, cancel."""
from __future__ import annotations

import shutil
import time

from PySide6.QtCore import Qt

from app.gui.report_list import COL_FILE, COL_STATUS, STATUS_KIND_ROLE
from app.paths import sample_dir
from guihelp import SAMPLES, wait_loaded


def rows_by_file(window) -> dict[str, tuple[str, str, str]]:
    """file name -> (status kind, status text, tooltip)"""
    m = window.list_model
    out = {}
    for row in range(m.rowCount()):
        name = m.index(row, COL_FILE).data()
        idx = m.index(row, COL_STATUS)
        out[name] = (idx.data(STATUS_KIND_ROLE), idx.data(), idx.data(Qt.ItemDataRole.ToolTipRole))
    return out


def test_empty_window_says_what_to_do(window):
    assert window.stack.currentIndex() == 0
    assert "拖入年报文件或文件夹，或按 Ctrl+O 打开" in window.empty_label.text()
    assert window.act_open.shortcut().toString() == "Ctrl+O"
    assert window.act_open_folder.shortcut().toString() == "Ctrl+Shift+O"
    assert not window.act_export_all.isEnabled()


def test_open_bundled_samples(qtbot, window):
    window.open_samples()
    wait_loaded(qtbot, window)
    rows = rows_by_file(window)
    expected = sorted(p.name for p in sample_dir().glob("*.txt"))
    assert sorted(rows) == expected
    # Every bundled sample is a readable report with its issuing body recognised.
    assert all(kind != "unread" for kind, _, _ in rows.values())
    orgs = {window.list_model.index(r, 0).data() for r in range(window.list_model.rowCount())}
    assert "朱阳关镇人民政府" in orgs and "昌乐县乔官镇人民政府" in orgs
    assert window.stack.currentIndex() == 1
    qtbot.waitUntil(lambda: window.report_view.result is not None)  # the first report is shown
    assert "共 5 份" in window.counts_label.text()


def test_bad_files_do_not_stop_the_batch(qtbot, window, bad_folder):
    job = window.open_paths([str(bad_folder)])
    assert job is not None and job.total == 4
    wait_loaded(qtbot, window)
    rows = rows_by_file(window)
    assert set(rows) == {"000_3e90722e65647b3d.txt", "004_c4b5b95fa9e8725d.txt", "empty.txt", "garbage.pdf"}
    assert rows["empty.txt"][:2] == ("unread", "无法读取")
    assert "空" in rows["empty.txt"][2]  # the Chinese reason is shown
    assert rows["garbage.pdf"][:2] == ("unread", "无法读取")
    assert rows["000_3e90722e65647b3d.txt"][0] in ("ok", "warning", "error", "doubt")
    assert rows["004_c4b5b95fa9e8725d.txt"][0] in ("ok", "warning", "error", "doubt")
    assert "无法读取 2" in window.counts_label.text()
    # Selecting an unreadable file shows why in the header instead of an empty page.
    window.select_report(str(bad_folder / "garbage.pdf"))
    assert "无法读取" in window.report_view.header.text()


def test_cancel_stops_a_batch(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        shutil.copy(SAMPLES / "huaian-city-2024.pdf", folder / f"r{i:03}.pdf")
    job = window.open_paths([str(folder)])
    assert job is not None and job.total == 60
    finished = []
    job.finished.connect(finished.append)
    qtbot.waitUntil(lambda: job.done > 0, timeout=60_000)
    window.cancel_loading()
    assert finished == [True]
    assert not window.is_loading()
    assert not window.progress.isVisible()
    count = window.list_model.rowCount()
    assert count < 60
    deadline = time.monotonic() + 1.5  # nothing trickles in after cancel
    while time.monotonic() < deadline:
        qtbot.wait(100)
    assert window.list_model.rowCount() == count


def test_filter_and_sort(qtbot, window):
    window.open_paths([str(SAMPLES)])
    wait_loaded(qtbot, window)
    total = window.proxy.rowCount()
    assert total == 7
    window.filter_edit.setText("淮安")
    names = {window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())}
    assert names == {"淮安市人民政府", "淮安市洪泽区人民政府"}
    window.filter_edit.clear()
    assert window.proxy.rowCount() == total
    window.list_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    years = [int(window.proxy.index(r, 1).data()) for r in range(window.proxy.rowCount())]
    assert years == sorted(years, reverse=True)


def test_recheck_reads_only_changed_files(qtbot, window, tmp_path):
    target = tmp_path / "a.txt"
    shutil.copy(SAMPLES / "000_3e90722e65647b3d.txt", target)
    window.open_paths([str(target)])
    wait_loaded(qtbot, window)
    window.recheck_changed()
    assert not window.is_loading()  # nothing changed
    target.write_bytes(b"")  # now it changes (and becomes unreadable)
    import os

    os.utime(target, (time.time() + 5, time.time() + 5))
    window.recheck_changed()
    assert window.is_loading()
    wait_loaded(qtbot, window)
    assert window.list_model.rowCount() == 1
    assert rows_by_file(window)["a.txt"][0] == "unread"


def test_recent_files_are_capped_and_remembered(window, settings, tmp_path):
    for i in range(15):
        window.open_paths([str(tmp_path / f"missing{i}")])
    recent = settings.recent()
    assert len(recent) == 10 and recent[0].endswith("missing14")
    assert window.recent_menu.isEnabled()


def test_geometry_and_splitters_remembered(qtbot, settings):
    from app.gui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.main_splitter.setSizes([500, 900])
    sizes = w.main_splitter.sizes()
    w.close()
    w2 = MainWindow(settings)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.main_splitter.sizes() == sizes


def test_export_checklist_writes_the_workbook(qtbot, window, tmp_path):
    window.open_paths([str(SAMPLES / "004_c4b5b95fa9e8725d.txt")])
    wait_loaded(qtbot, window)
    assert window.act_export_all.isEnabled() and window.act_export_all.shortcut().toString() == "Ctrl+E"
    out = window.write_export(window.list_model.results(), str(tmp_path / "清单.xlsx"))
    assert out is not None and out.exists() and out.stat().st_size > 0


def test_a_report_chosen_while_the_batch_arrives_is_not_taken_away(qtbot, window):
    """The batch opens on its first file, unless a report was chosen meanwhile (the auditor's, or a link's)."""
    first, other = SAMPLES / "000_3e90722e65647b3d.txt", SAMPLES / "004_c4b5b95fa9e8725d.txt"
    job = window.open_paths([str(first), str(other)], remember=False)
    chosen = []

    def choose(_results):  # runs right after the window took the results, before its next turn
        if not chosen and window.list_model.row_of(str(other)) is not None:
            chosen.append(window.select_report(str(other)))

    job.resultsReady.connect(choose)
    wait_loaded(qtbot, window)
    qtbot.wait(200)
    assert chosen == [True]
    assert window.current_result() is not None and window.current_result().path == str(other)


def test_a_batch_opens_on_its_first_file(qtbot, window):
    first = SAMPLES / "000_3e90722e65647b3d.txt"
    window.open_paths([str(first), str(SAMPLES / "004_c4b5b95fa9e8725d.txt")], remember=False)
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: window.current_result() is not None, timeout=5000)
    assert window.current_result().path == str(first)

