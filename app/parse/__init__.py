"""Parse a Document into a Report (sections, metadata, tables) — being built."""
from __future__ import annotations

from app.model import Document, Report


def parse_document(doc: Document) -> Report:
    return Report(text=doc.text)
