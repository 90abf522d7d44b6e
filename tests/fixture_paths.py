"""Paths of the committed fixtures (tests never read ../shared); imported by the tests."""
from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = FIXTURES / "samples"
TEXT = FIXTURES / "text"
SEEDS = sorted(p.stem for p in SAMPLES.glob("0*.txt"))


def truth(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))

