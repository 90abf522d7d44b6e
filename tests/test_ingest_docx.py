"""Word reader: the official template's real table shapes and filled copies of it."""
from __future__ import annotations

import pytest

from app.ingest.docx import read_docx
from app.ingest.legacy import read_legacy
from app.model import ReadError
from formats_helpers import FIXTURES, FORMATS, SAMPLES, check_spans, figures, row_texts


def test_blank_template_tables_expand_to_the_official_shapes():
    doc = read_docx(FIXTURES / "template-2021-blank.docx")
    check_spans(doc)
    assert [(len(g.rows), len(g.rows[0])) for g in doc.grids] == [(14, 4), (28, 10), (4, 15)]
    t3 = doc.grids[1]
    assert t3.rows[0][0].text.startswith("（本列数据的勾稽关系为")
    assert t3.rows[2][2].origin == (0, 0)  # corner note: rowspan 3 x colspan 3
    assert [t3.rows[r][0].origin for r in range(6, 27)] == [(5, 0)] * 21  # vMerge over 22 rows
    assert t3.rows[7][1].text == "（三）不予公开" and t3.rows[14][1].origin == (7, 1)
    assert row_texts(t3)[26][:3] == ["^", "（七）总计", "^"]  # gridSpan
    assert all(c.text == "" and c.origin is None for c in t3.rows[3][3:])  # blank = unknown, kept


def test_docx_of_a_seed_reads_like_its_text_version():
    doc = read_docx(FORMATS / "seed-003.docx")
    assert check_spans(doc) > 300
    assert "一、本年新收政府信息公开申请数量\t57\t0\t0\t0\t0\t0\t57\n" in doc.text
    assert figures(FORMATS / "seed-003.docx") == figures(SAMPLES / "003_14adff9be6592cdd.txt")


def test_unbalanced_docx_is_read_as_printed():
    got = figures(FORMATS / "seed-003-unbalanced.docx")
    assert got["table3"]["rows"]["total"] == [58, 0, 0, 0, 0, 0, 58]
    assert got["table4"][:5] == [0, 1, 0, 0, 2]


def _libreoffice_with_writer() -> bool:
    from app.ingest.legacy import find_soffice, writer_installed

    exe = find_soffice()
    return exe is not None and writer_installed(exe) is not False


@pytest.mark.skipif(not _libreoffice_with_writer(), reason="LibreOffice (with Writer) not installed")
def test_legacy_doc_is_converted_by_libreoffice():
    doc = read_legacy(FORMATS / "seed-003.doc")
    assert doc.path.endswith("seed-003.doc")
    assert any(w.code == "legacy_converted" for w in doc.warnings)
    assert figures(FORMATS / "seed-003.doc") == figures(SAMPLES / "003_14adff9be6592cdd.txt")


def test_legacy_without_libreoffice_says_how_to_save(monkeypatch):
    monkeypatch.setattr("app.ingest.legacy.converters", lambda suffix: [])  # no Office, no LibreOffice
    with pytest.raises(ReadError) as exc:
        read_legacy(FORMATS / "seed-003.doc")
    assert exc.value.code == "legacy_no_converter"
    assert "另存为" in exc.value.message and ".docx" in exc.value.message
