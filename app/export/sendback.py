"""导出整改通知: one folder, one workbook per report and, if asked, one Word notice.

Each readable report gets ``<单位>_<年度>_整改清单.xlsx`` (and ``…_整改通知.docx``) with
its own findings only — what the auditor confirmed or left undecided; dismissed ones
and doubts about the reading stay home. A file that could not be read is not sent
anywhere (the summary lists it). One file that cannot be written (open in Excel, say)
does not stop the others: it is reported, the rest are written. Every file is written
all-or-nothing.

Names are decided up front from the sorted batch, so the same batch always gives the
same names whatever order the reports were read in. The files are written one after
the other in this process — about 5 ms a workbook and 3 ms a notice
(``benchmarks/bench_units.py``); worker processes were tried and measured slower on a
busy two-core machine (their start-up and the copying of the results cost more than
the work they would share).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.config import Office
from app.export import values as v
from app.export.atomic import ExportError, write_atomically
from app.export.names import suffixes, unit_base
from app.export.rule_docs import RuleDoc, rules_for
from app.export.book import StyleTable
from app.export.unit_xlsx import build_unit_workbook, heading
from app.export.xlsx import save_workbook
from app.model import AuditResult

log = logging.getLogger(__name__)

CHECKLIST_KIND, NOTICE_KIND = "整改清单", "整改通知"
#: ``progress(done, total)``; returning False stops the export (files already written stay).
Progress = Callable[[int, int], "bool | None"]


@dataclass
class UnitFiles:
    """What was written for one report."""

    path: str  # the report
    org: str
    checklist: Path | None = None
    notice: Path | None = None
    findings: int = 0


@dataclass
class SendbackOutcome:
    folder: Path
    written: list[UnitFiles] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (report, why) — not readable
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, Chinese message)
    cancelled: bool = False

    def message(self) -> str:
        """One Chinese sentence (or a few) for the status bar, a dialog or the terminal."""
        files = sum((u.checklist is not None) + (u.notice is not None) for u in self.written)
        parts = [f"已为 {len(self.written)} 份报告导出 {files} 个文件到“{self.folder}”"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} 份无法读取的报告未导出")
        if self.failed:
            parts.append(f"{len(self.failed)} 个文件未能保存")
        if self.cancelled:
            parts.append("导出已取消")
        return "；".join(parts) + "。"


def file_names(results: list[AuditResult]) -> list[str]:
    """``<单位>_<年度>`` + a number for repeats, one per result, in the given order."""
    bases = [unit_base(v.org_or_blank(r), r.report.year if r.report else None, r.path) for r in results]
    return [b + s for b, s in zip(bases, suffixes(bases))]


def stem(base_with_suffix: str, kind: str) -> str:
    """``X_2023（2）`` → ``X_2023_整改清单（2）``: the number goes after the kind."""
    if base_with_suffix.endswith("）") and "（" in base_with_suffix:
        base, _, number = base_with_suffix.rpartition("（")
        if number[:-1].isdigit():
            return f"{base}_{kind}（{number}"
    return f"{base_with_suffix}_{kind}"


def prepare_folder(folder: str | Path) -> Path:
    target = Path(folder).expanduser().absolute()
    if target.exists() and not target.is_dir():
        raise ExportError(f"“{target}”是一个文件，不是文件夹。请另选导出位置。", "is_folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"无法创建文件夹“{target}”：{exc.strerror or '没有权限'}。请另选导出位置。", "no_folder") from exc
    return target


# --------------------------------------------------------------------------- writing


@dataclass
class _Job:
    """Everything the writer needs besides the reports."""

    folder: Path
    office: Office
    today: date
    catalogue: dict[str, RuleDoc]
    template: object | None  # a NoticeTemplate when Word notices are wanted


def _write_one(job: _Job, r: AuditResult, base: str, styles: StyleTable) -> tuple[UnitFiles, list]:
    unit = UnitFiles(path=r.path, org=v.org(r), findings=len(r.outgoing()))
    failed = []
    checklist_name = stem(base, CHECKLIST_KIND) + ".xlsx"
    try:
        book = build_unit_workbook(r, job.office, job.today, job.catalogue)
        unit.checklist = save_workbook(book, job.folder / checklist_name, durable=False, styles=styles)
    except ExportError as exc:
        failed.append((checklist_name, exc.message))
    except Exception:  # a bug for one report must not cost the others
        log.exception("unit checklist for %s failed", r.path)
        failed.append((checklist_name, "生成整改清单时发生内部错误，该文件未保存。"))
    if job.template is not None:
        from app.export.notice_docx import notice_bytes

        notice_name = stem(base, NOTICE_KIND) + ".docx"
        try:
            data = notice_bytes(job.template, r, heading(r, job.office, job.today), checklist_name)
            unit.notice = write_atomically(job.folder / notice_name, lambda fh: fh.write(data), durable=False)
        except ExportError as exc:
            failed.append((notice_name, exc.message))
        except Exception:
            log.exception("notice for %s failed", r.path)
            failed.append((notice_name, "生成整改通知时发生内部错误，该文件未保存。"))
    return unit, failed


def export_units(results: Iterable[AuditResult], folder: str | Path, office: Office | None = None, *,
                 notices: bool = False, template: str | Path | None = None, today: date | None = None,
                 progress: Progress | None = None) -> SendbackOutcome:
    """Write each report's documents into ``folder`` (created if missing).

    ``office`` None means the user's settings. Raises ``ExportError`` only when the
    folder itself cannot be used or the notice template cannot be read; a single file
    that fails is recorded in the outcome and the export goes on.
    """
    if office is None:
        from app.config import load_config

        office = load_config().office
    today = today or date.today()
    target = prepare_folder(folder)
    tmpl = None
    if notices:
        from app.export.notice_docx import NoticeTemplate, TemplateError

        try:
            tmpl = NoticeTemplate.load(template or office.template or None)
        except TemplateError as exc:
            raise ExportError(exc.message, "template") from exc
    results = v.sort_results(results)
    readable = [r for r in results if r.ok]
    outcome = SendbackOutcome(folder=target)
    outcome.skipped = [(r.path, r.error.message if r.error else "无法读取") for r in results if not r.ok]
    job = _Job(target, office, today, {d.id: d for d in rules_for(readable)}, tmpl)
    names = file_names(readable)
    styles = StyleTable.build()  # once: every workbook of the folder carries the same stylesheet
    for i, (r, base) in enumerate(zip(readable, names), 1):
        unit, failed = _write_one(job, r, base, styles)
        outcome.failed.extend(failed)
        if unit.checklist or unit.notice:
            outcome.written.append(unit)
        if progress is not None and progress(i, len(readable)) is False:
            outcome.cancelled = i < len(readable)
            break
    return outcome
