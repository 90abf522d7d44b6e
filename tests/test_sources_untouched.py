"""Auditing never modifies, moves or adds files beside the reports it reads."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from app.audit import audit_file
from app.ingest import iter_report_files
from fixture_paths import FIXTURES


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_batch_of_every_format_leaves_the_folder_as_it_was(tmp_path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(FIXTURES / "formats", folder, ignore=shutil.ignore_patterns("*.py"))
    shutil.copytree(FIXTURES / "samples", folder / "samples")
    before = _snapshot(folder)
    results = [audit_file(f) for f in iter_report_files([str(folder)])]
    assert len(results) == len(before) - len(list((folder / "samples").glob("*.json")))
    assert any(r.ok for r in results) and any(not r.ok for r in results)
    assert _snapshot(folder) == before
