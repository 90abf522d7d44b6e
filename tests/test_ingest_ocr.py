"""OCR of scanned reports, on scans made from real reports (tests/fixtures/ocr/make_fixtures.py).

Only two OCR readings run here (one picture of the table-三 page, one mixed PDF with one
scanned page), each once per module; the five-page scans are measured by
benchmarks/bench_ocr.py, which also scores every fixture against its truth.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.ingest import read_document, sniff
from app.ingest.ocr_grid import find_tables
from app.ingest.ocr_page import binarise, lift_red, prepare
from app.ingest.ocr_values import UNREADABLE, judge
from app.model import ReadError
from app.parse import parse_document
from rules_support import audit

OCR = Path(__file__).resolve().parent / "fixtures" / "ocr"
PNG = OCR / "seed003-table3-200dpi-stamp.png"
MIXED = OCR / "seed003-mixed.pdf"


def _truth(name: str) -> dict:
    return json.loads((OCR / name).read_text(encoding="utf-8"))


def _score(table3, truth: dict) -> tuple[int, list[tuple[str, int, object, object, bool]]]:
    """(cells compared, cells read wrong as (row, col, want, got, marked doubtful))."""
    n, wrong = 0, []
    for key, want in truth["table3"]["rows"].items():
        row = table3.rows.get(key)
        for c, w in enumerate(want):
            n += 1
            v = row.values[c] if row else None
            if v is None or v.value != w:
                wrong.append((key, c, w, v.value if v else None, v is not None and (v.doubt is not None
                                                                                     or v.value is None)))
    return n, wrong


@pytest.fixture(scope="module")
def png_doc():
    return read_document(PNG)


@pytest.fixture(scope="module")
def mixed_result():
    return audit(MIXED)


# ------------------------------------------------------------------ page images (no OCR model)


def _page_rgb() -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(PNG).convert("RGB"))


def test_red_seal_is_lifted_and_black_text_under_it_stays():
    rgb = _page_rgb()
    red = (rgb[:, :, 0].astype(int) - np.maximum(rgb[:, :, 1], rgb[:, :, 2]) > 50) & (rgb[:, :, 0] > 110)
    assert red.sum() > 5000  # the seal is there
    out = lift_red(rgb)
    red_after = (out[:, :, 0].astype(int) - np.maximum(out[:, :, 1], out[:, :, 2]) > 50) & (out[:, :, 0] > 110)
    assert red_after.sum() == 0
    dark = rgb.max(axis=2) < 80  # black text, also where the seal overlaps it
    assert (out[dark].max(axis=1) < 80).all()


@pytest.mark.parametrize("turn", [1.2, -0.7])
def test_a_turned_page_is_measured_and_turned_back(turn):
    from PIL import Image

    im = Image.open(PNG).convert("RGB").rotate(turn, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    page = prepare(np.asarray(im), 0, 200)
    assert abs(page.angle + turn) <= 0.1
    level = prepare(_page_rgb(), 0, 200)
    assert abs(level.angle) <= 0.1


def test_ruling_lines_give_the_table_grid_with_merged_cells():
    page = prepare(_page_rgb(), 0, 200)
    tables = find_tables(page.ink)
    assert len(tables) == 1
    t = tables[0]
    # 28 printed rows of table 三 (header rows included), 7 value columns right of the labels
    assert t.n_rows >= 28
    widths = {cb.colspan for cb in t.cells}
    assert max(widths) > 1  # merged label cells were found from the missing border stretches
    value_cells = [cb for cb in t.cells if cb.box[0] > t.box[0] + (t.box[2] - t.box[0]) * 0.5 and cb.colspan == 1]
    assert len(value_cells) >= 25 * 7


def test_binarise_keeps_a_blank_page_blank():
    blank = np.full((300, 200), 250, np.uint8)
    assert not binarise(blank).any()


# ------------------------------------------------------------------ judging a cell's reading


@pytest.mark.parametrize("text,conf,grid,known,candidates", [
    ("57", 0.99, "57", True, ()),
    ("1,234", 0.97, "1,234", True, ()),
    ("/", 0.95, "/", True, ()),
    ("57", 0.82, "57", True, ()),  # kept, with a doubt
    ("57", 0.40, UNREADABLE, False, (57,)),  # unknown; the sums may still confirm it
    ("1O", 0.93, UNREADABLE, False, (10,)),
    ("o", 0.45, UNREADABLE, False, (0,)),
    ("S", 0.95, UNREADABLE, False, (5,)),
    ("B0", 0.95, UNREADABLE, False, (80,)),
    ("05", 0.99, UNREADABLE, False, ()),
    ("自然人", 0.99, UNREADABLE, False, ()),
])
def test_a_value_cell_is_a_figure_a_doubtful_figure_or_unknown(text, conf, grid, known, candidates):
    got, doubt = judge(text, conf, "第 1 页表格单元格（x=10, y=20）")
    assert got == grid
    if conf >= 0.9 and known:
        assert doubt is None
    else:
        assert doubt is not None and "第 1 页" in doubt.reason and "x=10" in doubt.reason
        assert doubt.candidates == candidates


# ------------------------------------------------------------------ whole readings


def test_png_table_page_reads_every_cell_or_marks_it(png_doc):
    doc = png_doc
    assert doc.format == "image" and doc.ocr is not None and len(doc.ocr.pages) == 1
    assert any(w.code == "ocr-read" for w in doc.warnings)
    report = parse_document(doc)
    n, wrong = _score(report.table3, _truth("seed-003.json"))
    assert n == 175
    assert len(wrong) <= n * 0.01, wrong
    assert all(marked for *_, marked in wrong), wrong  # every misread is unknown or doubtful
    # provenance: every figure of table 三 knows its page, box and confidence
    page = doc.ocr.pages[0]
    for row in report.table3.rows.values():
        for v in row.values:
            box = doc.ocr.box_at(v.span)
            assert box is not None and box.page == 0
            x0, y0, x1, y1 = box.box
            assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
            assert 0.0 < box.confidence <= 1.0
            assert doc.text[v.span[0]:v.span[1]] in (v.raw, UNREADABLE)


def test_png_labels_are_read_as_the_template_prints_them(png_doc):
    report = parse_document(png_doc)
    assert report.table3.layout == "2021"
    assert len(report.table3.rows) == 25
    assert report.table3.rows["deny_3"].label.startswith("3.危及")


def test_mixed_pdf_reads_the_scanned_page_by_ocr_and_the_rest_from_text(mixed_result):
    res = mixed_result
    doc = res.document
    assert doc.format == "pdf"
    assert [p.index for p in doc.ocr.pages] == [3]  # only the page without text
    notice = next(w for w in res.warnings if w.code == "ocr-read")
    assert "第 4 页" in notice.message
    assert res.report.org and res.report.year == 2024 or res.report.year  # text pages read as before
    n, wrong = _score(res.report.table3, _truth("seed-003.json"))
    assert len(wrong) <= n * 0.01 and all(m for *_, m in wrong), wrong
    # a correct report: no table error from a misread digit
    assert not [f for f in res.findings if f.rule.startswith("T3-") and f.severity == "error"]


def test_broken_and_absurd_images_get_a_chinese_message(tmp_path):
    cases = {
        "broken.png": b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50,
        "cut.jpg": PNG.read_bytes()[:0] + b"\xff\xd8\xff\xe0" + b"\x00" * 100,
        "tiny.png": None,
    }
    from PIL import Image

    for name, data in cases.items():
        p = tmp_path / name
        if data is None:
            Image.new("RGB", (40, 30), "white").save(p)
        else:
            p.write_bytes(data)
        with pytest.raises(ReadError) as err:
            read_document(p)
        assert err.value.code.startswith("image_")
        assert p.name in err.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_pictures_are_dispatched_by_their_bytes():
    assert sniff(b"\x89PNG\r\n\x1a\n....", ".txt") == "image"
    assert sniff(b"\xff\xd8\xff\xe0....", ".pdf") == "image"  # the bytes decide, not the name
    assert sniff(b"II*\x00....", ".tif") == "image"
    assert sniff(b"hello", ".jpg") == "image"  # said to be a picture: its reader explains what is wrong


# ------------------------------------------------------------------ the rules on unsure cells


def _seed_report():
    from app.model import CellDoubt
    from rules_support import report_from_truth

    return report_from_truth("003_14adff9be6592cdd"), CellDoubt


def test_a_failed_sum_through_an_unsure_cell_is_a_doubt_not_an_error():
    from app.config import RuleConfig
    from app.rules import check

    report, CellDoubt = _seed_report()
    v = report.table3.rows["open"].values[0]
    v.value += 3  # the recogniser misread the figure, with middling confidence
    plain = check(report, RuleConfig())
    assert any(f.rule.startswith("T3-") and f.severity == "error" for f in plain.findings)
    v.doubt = CellDoubt("第 1 页表格单元格（x=1, y=2）：识别为“58”，置信度一般（0.80），请对照原件", "58")
    unsure = check(report, RuleConfig())
    assert not [f for f in unsure.findings if f.rule.startswith("T3-") and f.severity == "error"]
    doubts = [w for w in unsure.warnings if w.code.startswith("ocr-doubt:T3-")]
    assert doubts and "（一）予以公开" in doubts[0].message and "识别" in doubts[0].message


def test_a_confused_digit_is_decided_only_when_row_and_column_sums_agree():
    from app.config import RuleConfig
    from app.rules import check

    report, CellDoubt = _seed_report()
    v = report.table3.rows["open"].values[0]
    right = v.value
    v.value, v.raw = None, "□"
    v.doubt = CellDoubt("识别为“5S”", "5S", (55,))
    assert right == 55
    out = check(report, RuleConfig())
    resolved = [w for w in out.warnings if w.code == "ocr-resolved"]
    assert len(resolved) == 1 and "5S" in resolved[0].message and "55" in resolved[0].message
    assert not [w for w in out.warnings if w.code == "not-assessed:T3-ROW-SUM"]
    assert not [f for f in out.findings if f.rule.startswith("T3-")]
    # a reading the sums contradict stays unknown: no decision, no error
    v.doubt = CellDoubt("识别为“S8”", "S8", (58,))
    out = check(report, RuleConfig())
    assert not [w for w in out.warnings if w.code == "ocr-resolved"]
    assert [w for w in out.warnings if w.code == "not-assessed:T3-ROW-SUM"]
    assert not [f for f in out.findings if f.rule.startswith("T3-") and f.severity == "error"]


def test_a_scanned_pdf_that_is_no_report_is_read_by_ocr_and_then_refused_as_no_report():
    from app.audit import audit_file
    from app.config import RuleConfig

    res = audit_file(str(OCR.parent / "formats" / "bad-scanned.pdf"), RuleConfig())
    assert res.status == "error" and res.error.code == "not_report"
    assert "未识别为政府信息公开工作年度报告" in res.error.message


# ------------------------------------------------------------------ wording read by OCR, doubts said once


def test_a_label_ocr_misread_is_a_doubt_but_the_same_label_typed_is_a_finding():
    from app.config import RuleConfig
    from app.model import LabelSeen
    from app.rules import check

    report, _ = _seed_report()
    head = report.sections[3]
    # one character misread ("供" as "其", as "出具" was read "出其" on a real scan)
    report.labels = [LabelSeen("heading", "3", "三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况",
                               head.heading_span),
                     LabelSeen("table3", "result", "（四）无法提供", "（四）无法提其", (head.start, head.start + 4))]
    typed = check(report, RuleConfig())
    assert [f for f in typed.findings if f.rule == "TPL-LABEL"]
    report.ocr_text = [(0, len(report.text))]  # the same page, scanned
    scanned = check(report, RuleConfig())
    assert not [f for f in scanned.findings if f.rule == "TPL-LABEL"]
    doubt = next(w for w in scanned.warnings if w.code == "ocr-doubt:TPL-LABEL")
    assert "提其" in doubt.message and "文字识别" in doubt.message
    # findings elsewhere in the report (text not read by OCR) stay findings
    report.ocr_text = [(len(report.text) - 5, len(report.text))]
    assert [f for f in check(report, RuleConfig()).findings if f.rule == "TPL-LABEL"]


def test_unsure_cells_are_named_by_their_table_cell_and_fair_ones_said_together():
    from app.model import CellDoubt
    from app.parse.ocr_cells import MAX_UNKNOWN, cell_doubts

    report, _ = _seed_report()
    rows = list(report.table3.rows.values())
    for row in rows[:3]:  # 21 readings the recogniser was only fairly sure of
        for v in row.values:
            v.doubt = CellDoubt(f"第 2 页识别为“{v.raw}”，置信度一般（0.82），请对照原件", v.raw)
    for row in rows[3:5]:  # 14 unreadable cells
        for v in row.values:
            v.doubt = CellDoubt(f"第 2 页识别为“{v.raw}S”，不是数字，视为无法读取", v.raw + "S")
            v.value, v.raw = None, UNREADABLE
    doubts = cell_doubts(report)
    fair = [w for w in doubts if w.code == "ocr-fair"]
    assert len(fair) == 1 and "21 个数字" in fair[0].message and fair[0].location == "表三"
    unknown = [w for w in doubts if w.code == "ocr-cell"]
    assert len(unknown) == MAX_UNKNOWN + 1 and "另有 6 个单元格" in unknown[-1].message
    assert unknown[0].message.startswith("表三 “") and "× 自然人" in unknown[0].message
    # a cell the auditor corrected is no longer in doubt
    from app.model import Correction

    for row in rows[:5]:
        for v in row.values:
            v.correction = Correction("table3", row.key, 0, 1, None, "", "")
    assert cell_doubts(report) == []


# ------------------------------------------------------------------ the models


def test_the_model_files_are_the_pinned_ones_and_missing_ones_are_said_in_chinese(tmp_path):
    import importlib.util

    from app.ingest.ocr_engine import OcrEngine

    spec = importlib.util.spec_from_file_location("ocr_models", OCR.parents[2] / "scripts" / "ocr_models.py")
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    assert models.missing() == [], "run: python scripts/ocr_models.py"
    assert models.missing(tmp_path) == sorted(models.MODELS)
    with pytest.raises(ReadError) as err:
        OcrEngine(models=tmp_path)
    assert err.value.code == "ocr_unavailable" and "模型文件" in err.value.message


# ------------------------------------------------------------------ the networks' graphs folded before loading


@pytest.mark.parametrize("model,shape", [("ch_PP-OCRv4_rec_infer.onnx", (3, 3, 48, 200)),
                                         ("ch_PP-OCRv4_det_infer.onnx", (1, 3, 96, 160))])
def test_the_folded_graph_computes_what_the_published_one_does(model, shape):
    import onnxruntime as ort

    from app.ingest.ocr_engine import MODELS
    from app.ingest.ocr_graph import Node, parse, serialise, simplify

    raw = (MODELS / model).read_bytes()
    assert serialise(parse(raw)) == raw  # fields not touched pass through byte for byte
    folded = simplify(raw)

    def ops(model_bytes: bytes) -> list[str]:
        graph = parse(next(v for n, _w, v in parse(model_bytes) if n == 7))
        return [Node.read(v).op for n, _w, v in graph if n == 1]

    before, after = ops(raw), ops(folded)
    assert "Clip" in before and "Clip" not in after  # every hard-swish rewritten
    assert after.count("Conv") == before.count("Conv")
    elementwise = ("Mul", "Add", "Div", "Clip")
    assert sum(after.count(o) for o in elementwise) < 0.5 * sum(before.count(o) for o in elementwise)
    x = np.random.default_rng(7).uniform(-1, 1, shape).astype(np.float32)
    out = []
    for m in (raw, folded):
        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        sess = ort.InferenceSession(m, opts, providers=["CPUExecutionProvider"])
        out.append(sess.run(None, {"x": x})[0])
    assert np.abs(out[0] - out[1]).max() < 1e-4
    if model.startswith("ch_PP-OCRv4_rec"):
        assert (out[0].argmax(-1) == out[1].argmax(-1)).all()  # the same characters read


# ------------------------------------------------------------------ tables printed without ruling lines


def _unruled_page():
    """A page as the detector leaves it: label boxes and some figure boxes over drawn ink.

    Columns of figures at x = 500, 600, 700 (ink 14 × 20 px, detector boxes 4 px larger):
    row A plain; row B a two-line label with its figures centred and the total printed at
    the top (the official template's 总计 column); row C with the middle figure missed by
    the detector; row D with the first figure glued to the end of a long label.
    """
    from app.ingest.ocr_read import Piece

    ink = np.zeros((400, 800), np.uint8)
    pieces = []

    def figure(x: int, y: int, text: str = "0", boxed: bool = True) -> None:
        ink[y:y + 20, x:x + 14] = 255
        if boxed:
            pieces.append(Piece(text, (x - 4, y - 4, x + 18, y + 24), 0.7))

    def label(text: str, x0: int, y0: int, x1: int) -> None:
        ink[y0 + 10:y0 + 30, x0:x1] = 255
        pieces.append(Piece(text, (x0, y0, x1, y0 + 40), 1.0))

    label("一、本年新收政府信息公开申请数量", 100, 100, 300)
    for x in (500, 600, 700):
        figure(x, 110)
    label("（二）部分公开（区分处理的，", 100, 144, 300)
    label("只计这一情形）", 100, 188, 240)
    figure(500, 176)
    figure(600, 176)
    figure(700, 154)  # the total, at the top of the two-line row
    label("1.属于国家秘密", 100, 232, 300)
    figure(500, 242)
    figure(600, 242, boxed=False)  # the detector missed it
    figure(700, 242)
    ink[286:306, 100:480] = 255  # a label running up to the first figure, boxed together with it
    pieces.append(Piece("2.其他法律行政法规禁止公开 0", (100, 276, 518, 316), 0.9))
    figure(500, 286, boxed=False)
    figure(600, 286)
    figure(700, 286)
    return pieces, ink


def test_a_table_without_lines_is_read_by_its_figures_rows_and_columns():
    from app.ingest.ocr_unruled import find_text_tables

    pieces, ink = _unruled_page()
    found = find_text_tables(pieces, ink)
    assert len(found) == 1
    table, cells, used = found[0]
    assert table.n_cols == 4 and len(table.columns) == 3  # the label column and three value columns
    assert len(used) == len(pieces)
    rows: dict[int, list] = {}
    for tc in cells:
        rows.setdefault(tc.cell.row, []).append(tc)
    figure_rows = [r for r in sorted(rows) if any(tc.cell.figure for tc in rows[r])]
    assert len(figure_rows) == 4  # A, B, C, D: the top-aligned total joined row B
    for r in figure_rows:
        figs = sorted((tc for tc in rows[r] if tc.cell.figure), key=lambda tc: tc.cell.col)
        assert [tc.cell.col for tc in figs] == [1, 2, 3]
        assert all(len(tc.to_read) == 1 for tc in figs)
    b = rows[figure_rows[1]]
    total = next(tc for tc in b if tc.cell.col == 3)
    assert total.cell.note and "不在同一高度" in total.cell.note  # a joined figure says so
    assert total.to_read[0][1] == 154
    assert not [tc for tc in cells if tc.cell.figure and tc.cell.note and tc is not total]
    b_label = next(tc for tc in b if not tc.cell.figure)
    assert [p.text for p in b_label.pieces] == ["（二）部分公开（区分处理的，", "只计这一情形）"]
    c = rows[figure_rows[2]]
    missed = next(tc for tc in c if tc.cell.col == 2)
    assert missed.to_read == [(600, 242, 614, 262)]  # found from its ink alone
    d = rows[figure_rows[3]]
    d_label = next(tc for tc in d if not tc.cell.figure)
    assert d_label.pieces == [] and d_label.to_read == [(100, 286, 480, 306)]  # cut back to the label's ink
    assert next(tc for tc in d if tc.cell.col == 1).to_read == [(500, 286, 514, 306)]


def test_running_text_with_numbers_is_no_table():
    from app.ingest.ocr_read import Piece
    from app.ingest.ocr_unruled import find_text_tables

    ink = np.zeros((600, 1200), np.uint8)
    lines = ["2023年共收到申请12件，办结12件。", "主动公开信息1,234条，解读3篇。", "- 2 -"]
    pieces = [Piece(t, (100, 100 + 50 * k, 1100, 140 + 50 * k), 1.0) for k, t in enumerate(lines)]
    pieces.append(Piece("2", (590, 500, 610, 530), 0.99))  # a page number on its own
    assert find_text_tables(pieces, ink) == []


def test_an_unruled_scan_reads_tables_three_and_four_with_provenance(tmp_path):
    """Pages 4–5 of the seed-004 layout without borders: table 三 continues onto page 5,
    table 四 follows it."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(OCR / "seed004-unruled-200dpi.pdf"))
    part = pdfium.PdfDocument.new()
    part.import_pages(src, [3, 4])
    path = tmp_path / "unruled-pages-4-5.pdf"
    part.save(str(path))
    doc = read_document(path)
    report = parse_document(doc)
    truth = _truth("seed-004.json")
    n, wrong = _score(report.table3, truth)
    assert n == 175 and len(wrong) <= 1 and all(m for *_, m in wrong), wrong
    assert [v.value for v in report.table4.values] == truth["table4"]
    # table 三 is one grid although printed over two pages; table 四 is the other
    assert [g.page for g in doc.grids] == [0, 1]
    for row in report.table3.rows.values():
        for v in row.values:
            box = doc.ocr.box_at(v.span)
            assert box is not None and box.page in (0, 1)
            x0, y0, x1, y1 = box.box
            assert x1 - x0 < 60 and y1 - y0 < 40  # the figure's own ink, not a column or a row
