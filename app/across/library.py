"""The reports the cross-report checks look at: this batch, and the readings kept in the workspace.

Last year's file is usually not in this year's batch, but the workspace kept its reading
(``documents.parsed``) when it was audited. Each kept document becomes an ``Entry`` like
a batch result does; a document that is in the batch is taken from the batch, and of the
revisions of one unit's report for one year only the latest kept one is used.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.model import AuditResult, Report
from app.workspace import codec
from app.workspace.identity import path_key, unit_key
from app.workspace.review import apply_corrections

log = logging.getLogger(__name__)


@dataclass
class Entry:
    """One report as the cross-report checks see it."""

    key: str  # unique within one run: "file:<path>" for the batch, "doc:<id>" for the workspace
    path: str
    org: str | None
    unit_key: str | None
    year: int | None
    template: str
    report: Report | None
    doc_id: int | None = None
    result: AuditResult | None = None  # the batch result (None: kept in the workspace only)

    @property
    def in_batch(self) -> bool:
        return self.result is not None

    def label(self) -> str:
        """How messages name this report: “单位 2023年报告”."""
        org = self.org or "（未识别单位）"
        return f"“{org}”{self.year}年报告" if self.year else f"“{org}”报告"


def from_results(results: list[AuditResult]) -> list[Entry]:
    """The batch's readable reports (unreadable files take no part)."""
    out, seen = [], set()
    for r in results:
        rep = r.report
        if not r.ok or rep is None:
            continue
        key = "file:" + path_key(r.path)
        if key in seen:
            continue
        seen.add(key)
        doc_id = r.review.doc_id if r.review is not None else None
        out.append(Entry(key, r.path, rep.org, unit_key(rep.org), rep.year, rep.template, rep, doc_id, r))
    return out


def from_workspace(ws, exclude: set[int], cancelled: Callable[[], bool] = lambda: False,
                   years: set[int] | None = None) -> list[Entry]:
    """The readings kept in ``ws`` that are not in the batch: the latest revision per unit and year.

    ``years``: only these report years (the batch's own and the year before: nothing else is
    compared, and decoding a reading is the costly part).

    A reading stored in another format (an older release) is skipped: it is read again
    the next time its file is audited.
    """
    rows = ws._read(
        "SELECT d.id, d.org, d.unit_key, d.year, d.template, d.last_seen FROM documents d"
        " WHERE d.parsed IS NOT NULL AND d.year IS NOT NULL AND d.unit_key IS NOT NULL"
        " ORDER BY d.last_seen DESC, d.id DESC")
    batch_units = set()
    if exclude:
        marks = ",".join("?" * len(exclude))
        batch_units = {(k, y) for k, y in ws._read(
            f"SELECT unit_key, year FROM documents WHERE id IN ({marks})", tuple(exclude))}
    latest: dict[tuple[str, int], int] = {}
    meta = {}
    for doc_id, org, ukey, year, template, _seen in rows:
        if years is not None and year not in years:
            continue
        if doc_id in exclude or (ukey, year) in batch_units or (ukey, year) in latest:
            continue  # the batch holds this unit's report of that year, or a later revision was kept
        latest[(ukey, year)] = doc_id
        meta[doc_id] = (org, ukey, year, template)
    out = []
    for doc_id in sorted(meta):
        if cancelled():
            break
        decoded = codec.loads(ws.reading(doc_id) or b"")
        if decoded is None:
            continue
        org, ukey, year, template = meta[doc_id]
        # The auditor's corrections of misread cells hold for this reading too.
        apply_corrections(decoded[1], [c for c in ws.corrections(doc_id) if not c.offered])
        out.append(Entry(f"doc:{doc_id}", ws.path_of(doc_id), org, ukey, year, template or "unknown",
                         decoded[1], doc_id))
    return out
