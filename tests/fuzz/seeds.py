"""The real files the fuzzer mutates: every format the program reads, from the committed fixtures."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SEEDS: list[Path] = [
    *sorted((FIXTURES / "samples").glob("0*.txt")),
    FIXTURES / "samples" / "huaian-city-2024.pdf",
    FIXTURES / "samples" / "hongze-district-2024.pdf",
    FIXTURES / "formats" / "seed-003-docx.pdf",
    FIXTURES / "formats" / "seed-003.docx",
    FIXTURES / "formats" / "seed-003-unbalanced.docx",
    FIXTURES / "template-2021-blank.docx",
    FIXTURES / "formats" / "seed-003.html",
    FIXTURES / "formats" / "seed-003.mht",
    FIXTURES / "formats" / "seed-003.doc",
]
