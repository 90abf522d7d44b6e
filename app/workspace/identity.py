"""Which reports are "the same report": the issuing body's normalised name and the year.

A unit's report for one year may come back revised (a new file, a new hash); it is
paired with the earlier one by the normalised org name and the report year. The
normalisation here is deliberately conservative — width, spaces and punctuation only —
so that two different bodies are never merged; finer matching across name variants
(人民政府 dropped, a county prefix added) is offered to the auditor, not guessed here.
"""
from __future__ import annotations

import os
import re
import unicodedata

_NOISE = re.compile(r"[\s\u3000·•．.。、，,：:；;“”\"'‘’（）()《》<>【】\[\]-]+")


def unit_key(org: str | None) -> str | None:
    if not org:
        return None
    key = _NOISE.sub("", unicodedata.normalize("NFKC", org))
    return key or None


def path_key(path: str) -> str:
    """An absolute, case-normalised path (Windows paths compare case-insensitively)."""
    return os.path.normcase(os.path.abspath(path))
