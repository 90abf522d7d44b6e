"""A scanned report in the window: OCR badge, page image with the cell boxes, per-page progress, cancel.

The report is the real OCR reading of a table-三 page scanned at 200 dpi with a red
seal (tests/fixtures/ocr), read once for the module.
"""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
from PySide6.QtGui import QColor

from app.audit import audit_file
from app.gui.loader import LoadJob
from app.gui.ocr_jobs import PageChannel, worker_init
from app.gui.page_view import SELECTED_BOX, ocr_badge, ocr_progress_text
from app.gui.report_view import ReportView
from app.ingest.ocr_progress import page_read
from app.model import CellRef
from guihelp import ROOT

PNG = ROOT / "tests" / "fixtures" / "ocr" / "seed003-table3-200dpi-stamp.png"


@pytest.fixture(scope="module")
def scanned():
    result = audit_file(str(PNG))
    assert result.ok and result.document.ocr is not None
    return result


def test_a_scanned_report_wears_the_ocr_badge_and_a_plain_one_does_not(qtbot, scanned):
    from guihelp import WRONG_CELL

    view = ReportView()
    qtbot.addWidget(view)
    view.set_result(scanned)
    assert ocr_badge(scanned) == "扫描件 · 文字识别 1 页"
    assert not view.source.bar.isHidden() and view.source.badge.text() == ocr_badge(scanned)
    assert "文字识别" in view.header.text()
    plain = audit_file(str(WRONG_CELL))
    view.set_result(plain)
    assert view.source.bar.isHidden() and ocr_badge(plain) == "" and "文字识别" not in view.header.text()
    assert not view.source.showing_page()


def test_a_clicked_cell_is_outlined_on_the_page_image(qtbot, scanned):
    view = ReportView()
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.set_result(scanned)
    view.source.page_button.click()
    assert view.source.showing_page()
    page = view.source.page_view
    qtbot.waitUntil(lambda: page.image is not None, timeout=30_000)
    info = scanned.document.ocr
    assert (page.image.width(), page.image.height()) == (info.pages[0].width, info.pages[0].height)
    # click (一)予以公开 × 自然人 in table 三: its box is the one outlined in red
    model = view.table3_model
    pos = model.position(CellRef("table3", "open", 0))
    index = model.index(*pos)
    view.table3_view.clicked.emit(index)
    value = scanned.report.table3.rows["open"].values[0]
    box = info.box_at(value.span).box
    assert page.selected == [box]
    # the red frame is drawn around the figure on the scaled picture
    pix = page.label.pixmap().toImage()
    f = page._factor()
    x, y = round(box[0] * f) - 4, round((box[1] + box[3]) / 2 * f)
    colour = pix.pixelColor(x, y)
    want = QColor(SELECTED_BOX)
    assert abs(colour.red() - want.red()) < 40 and colour.green() < 90 and colour.blue() < 90
    # a doubt with a place outlines its cell too; every unsure cell is framed in orange
    doubts = [w for w in scanned.warnings if w.span and w.code.startswith("ocr-")]
    if doubts:
        view.findings.warningSelected.emit(doubts[0])
        assert page.selected and all(b in [x.box for x in info.boxes] for b in page.selected)
    assert len(page.unsure) == sum(1 for t in (scanned.report.table3,) for r in t.rows.values()
                                   for v in r.values if v.unsure)


def test_workers_tell_the_window_each_ocr_page():
    channel = PageChannel()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=worker_init,
                             initargs=(channel.queue,)) as pool:
        pool.submit(page_read, "扫描件.pdf", 2, 5).result(timeout=60)
        pool.submit(page_read, "扫描件.pdf", 3, 5).result(timeout=60)
    got = []
    for _ in range(50):
        got += channel.drain()
        if got and got[-1] == ("扫描件.pdf", 3, 5):
            break
        time.sleep(0.1)
    assert got[-1] == ("扫描件.pdf", 3, 5)
    channel.close()
    assert ocr_progress_text("扫描件.pdf", 2, 5) == "正在识别扫描件 扫描件.pdf：第 3/5 页"


def test_a_picture_alone_is_read_in_a_worker_that_tells_its_pages_and_can_be_cancelled(qtbot):
    job = LoadJob([str(PNG)])
    assert job._use_processes  # OCR never runs in a thread of the window's process
    pages = []
    job.pageProgress.connect(lambda name, k, n: pages.append((name, k, n)))
    with qtbot.waitSignal(job.pageProgress, timeout=120_000):
        job.start()
    assert pages[0] == (PNG.name, 0, 1)
    with qtbot.waitSignal(job.finished, timeout=10_000) as blocker:
        job.cancel()
    assert blocker.args == [True] and job.done == 0
