"""Bad inputs get a clear Chinese message, and a batch still reads every good file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.audit import audit_file
from app.ingest import iter_report_files, read_document
from app.ingest.docx import read_docx
from app.model import ReadError
from formats_helpers import FIXTURES, FORMATS, SAMPLES

BAD = [
    ("bad-encrypted.pdf", "pdf_encrypted", "已加密"),
    ("bad-damaged.pdf", "pdf_damaged", "已损坏"),
    ("bad-truncated.pdf", "pdf_damaged", "已损坏"),
    ("bad-zero-pages.pdf", "pdf_no_pages", "没有任何页面"),
    ("bad-damaged.docx", "docx_damaged", "已损坏"),
    ("bad-zipbomb.docx", "docx_bomb", "压缩炸弹"),
    ("bad-xmlbomb.docx", "docx_xml_entities", "XML 炸弹"),
]


@pytest.mark.parametrize("name,code,words", BAD)
def test_bad_file_is_refused_with_a_clear_message(name, code, words):
    with pytest.raises(ReadError) as exc:
        read_document(FORMATS / name)
    assert exc.value.code == code
    assert words in exc.value.message and name in exc.value.message


def test_docx_that_is_not_a_zip():
    with pytest.raises(ReadError) as exc:
        read_docx(FORMATS / "bad-not-a-zip.docx")
    assert exc.value.code == "docx_not_zip"
    assert "不是有效的 Word" in exc.value.message


def test_batch_of_good_and_bad_files_reads_all_good_ones(tmp_path):
    good = [SAMPLES / "huaian-city-2024.pdf", FORMATS / "seed-003.docx", FORMATS / "seed-003.html",
            SAMPLES / "003_14adff9be6592cdd.txt"]
    bad = [FORMATS / n for n, _, _ in BAD] + [FIXTURES / "unreadable-synthetic.pdf"]
    for p in good + bad:
        shutil.copyfile(p, tmp_path / p.name)
    files = iter_report_files([str(tmp_path)])
    assert len(files) == len(good) + len(bad)
    results = {Path(r.path).name: r for r in map(audit_file, files)}
    for p in good:
        r = results[p.name]
        assert r.ok and r.report.table3 is not None and r.report.table4 is not None, p.name
    for p in bad:
        r = results[p.name]
        assert r.status == "error" and r.error.code != "internal" and r.error.message, p.name
