"""The county summary workbook: every report, every finding, what stayed home, what to verify.

The auditor's own file (the units get one workbook each, ``app.export.unit_xlsx``):

- 汇总: one row per report — 结论 in step with the window's status
  (``app.export.verdict``), the open counts, what was dismissed, the doubts, 复核结果;
- 整改清单: what went out to all units, with a 文件 column and, beside the Chinese rule
  title, the rule code in a column meant for filtering;
- 已排除: the dismissed findings with the auditor's reasons (they never reach a unit);
- 读取存疑: unreadable files and doubts about the reading — the auditor's work list;
- 规则说明: only the rules that occur, with their basis in official documents.

Reports are listed by unit name, findings by their place in the report, whatever order
the workers finished in. Every finding row carries its identity in hidden columns so the
workbook alone is enough for a later re-check (``app.export.trace``). The file is
written all-or-nothing (``app.export.atomic``).
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl.utils import get_column_letter

from app import __version__
from app.config import Office
from app.export import values as v
from app.export.atomic import ExportError, write_atomically
from app.export.cells import clean_text
from app.export.excerpt import excerpt
from app.export.rule_docs import RuleDoc, rules_for
from app.export.book import Book, Sheet, StyleTable, Validation
from app.export.sheet import CONCLUSION, DOING, DONE, SEVERITY, Column, SheetWriter
from app.export.trace import FINGERPRINT_HEADER, TRACE_HEADER, trace_json, write_dismissed_sheet
from app.export.verdict import CONCLUSION_FIX, CONCLUSION_PASS, CONCLUSION_UNREADABLE, conclusion
from app.export.wording import doubt_category, read_error_category
from app.model import SEVERITY_LABELS, AuditResult
from app.workspace.review import status

__all__ = ["ExportError", "write_checklist", "build_workbook", "STATUS_CHOICES", "SHEETS", "status_column"]

log = logging.getLogger(__name__)

SHEET_SUMMARY, SHEET_FINDINGS, SHEET_DISMISSED, SHEET_WARNINGS, SHEET_RULES = (
    "汇总", "整改清单", "已排除", "读取存疑", "规则说明")
SHEETS = (SHEET_SUMMARY, SHEET_FINDINGS, SHEET_DISMISSED, SHEET_WARNINGS, SHEET_RULES)

#: 整改状态 choices (整改台账 practice); the first is the default.
STATUS_CHOICES = ("未整改", "正在整改", "部分整改", "已整改", "无需整改")

DEFAULT_TITLE = "政府信息公开工作年度报告审核汇总"

SUMMARY_COLUMNS = (
    Column("序号", 5, True), Column("单位", 22), Column("年度", 6, True), Column("文件", 20),
    Column("结论", 8, True), Column("审核状态", 9, True), Column("错误", 5, True), Column("警告", 5, True),
    Column("提示", 5, True), Column("已排除", 6, True), Column("读取存疑", 6, True), Column("复核结果", 16),
    Column("说明", 26),
)
FINDING_COLUMNS = (
    Column("序号", 5, True), Column("单位", 14), Column("位置", 20), Column("性质", 6, True), Column("问题", 32),
    Column("现值 → 应为", 16), Column("整改要求", 28), Column("整改状态", 9, True), Column("复核结果", 8, True),
    Column("文件", 20, printed=False), Column("审核意见", 10, True, printed=False),
    Column("整改时限", 14, printed=False), Column("备注", 16, printed=False), Column("规则", 22, printed=False),
    Column("规则编号", 18, printed=False), Column("原文摘录", 34, printed=False),
    Column(FINGERPRINT_HEADER, 12, hidden=True), Column(TRACE_HEADER, 12, hidden=True),
)
DISMISSED_COLUMNS = (
    Column("序号", 5, True), Column("单位", 14), Column("位置", 20), Column("性质", 6, True), Column("问题", 34),
    Column("排除理由", 18), Column("备注", 16), Column("规则", 18), Column("文件", 16),
    Column("规则编号", 18, printed=False),
)
WARNING_COLUMNS = (
    Column("序号", 5, True), Column("单位", 16), Column("文件", 18), Column("类别", 16), Column("位置", 18),
    Column("说明", 40), Column("原文摘录", 30), Column("核实结果", 12),
)
RULE_COLUMNS = (
    Column("规则", 24), Column("规则编号", 18), Column("严重程度", 8, True), Column("检查内容", 52),
    Column("依据", 40), Column("本次发现", 8, True), Column("已排除", 7, True),
)


def status_column(columns: Sequence[Column] = FINDING_COLUMNS) -> int:
    return next(i for i, c in enumerate(columns, 1) if c.header == "整改状态")


# --------------------------------------------------------------------------- sheets


def _reading(result: AuditResult) -> str:
    if not result.ok:
        return f"无法读取：{result.error.message if result.error else '原因不明'}"
    parts = []
    if result.warnings:
        parts.append(f"读取存疑 {len(result.warnings)} 处，请核实（见“{SHEET_WARNINGS}”表）")
    template = result.report.template if result.report is not None else "unknown"
    if template != "2021":
        parts.append(f"表格格式：{v.TEMPLATE_LABELS.get(template, '未识别')}")
    return "；".join(parts) or "正常"


def _dismissed_count(result: AuditResult) -> int:
    return sum(1 for f in result.all_findings() if result.decision(f).kind == "dismissed")


def _summary_sheet(ws: Sheet, results: Sequence[AuditResult], title: str, info: list[str]) -> None:
    w = SheetWriter(ws, SUMMARY_COLUMNS, title=title, info=info)
    col = w.column_of("结论")
    for i, r in enumerate(results, 1):
        verdict = conclusion(r)
        row = w.append([
            i, v.org_or_blank(r) or v.UNKNOWN_ORG, v.year(r), Path(r.path).name, verdict, status(r),
            r.open_count("error"), r.open_count("warning"), r.open_count("info"), _dismissed_count(r),
            len(r.warnings), v.recheck_word(r), _reading(r),
        ])
        w.restyle(row, col, CONCLUSION.get(verdict))
    w.finish(title)


def _rule_title(catalogue: dict[str, RuleDoc], f) -> str:
    if f.own:
        return v.OWN_LABEL
    doc = catalogue.get(f.rule)
    return (doc.title if doc else "") or f.title or ""


def add_status_dropdown(ws: Sheet, column: int, first: int, last: int) -> None:
    """The 整改状态 dropdown (整改台账 practice) and its colours, on rows ``first..last``."""
    if last < first:
        return
    letter = get_column_letter(column)
    cells = f"{letter}{first}:{letter}{last}"
    ws.validations.append(Validation(cells, STATUS_CHOICES, "整改状态", "请从下拉列表中选择：" + "、".join(STATUS_CHOICES) + "。",
                                     "请从下拉列表中选择整改状态"))
    # The state is visible at a glance: done in green, under way in yellow.
    ws.colours += [(cells, "已整改", DONE), (cells, "无需整改", DONE), (cells, "正在整改", DOING), (cells, "部分整改", DOING)]


def _findings_sheet(ws: Sheet, results: Sequence[AuditResult], title: str,
                    catalogue: dict[str, RuleDoc], deadline: date) -> None:
    w = SheetWriter(ws, FINDING_COLUMNS, title=f"{title}——整改清单（各单位）")
    sev = w.column_of("性质")
    rows = v.outgoing_rows(results)
    for i, (r, f) in enumerate(rows, 1):
        row = w.append([
            i, v.org(r), v.place(r, f), SEVERITY_LABELS.get(f.severity, ""), f.message, v.change(f), f.suggestion,
            STATUS_CHOICES[0], v.recheck_word(r, f),
            Path(r.path).name, v.decision_word(r, f), v.deadline_of(f, deadline), r.decision(f).comment,
            _rule_title(catalogue, f), "" if f.own else f.rule, v.excerpt_for(r, f),
            f.fingerprint, trace_json(r, f, v.quote(r, f)),
        ])
        w.restyle(row, sev, SEVERITY.get(f.severity))
    if not rows:
        w.note("没有需要整改的问题。")
    w.finish(title)
    if rows:
        add_status_dropdown(ws, w.column_of("整改状态"), w.header_row + 1, w.row)


def _dismissed_sheet(ws: Sheet, results: Sequence[AuditResult], title: str,
                     catalogue: dict[str, RuleDoc]) -> None:
    w = SheetWriter(ws, DISMISSED_COLUMNS, title=f"{title}——已排除的问题（不发给单位）")
    sev = w.column_of("性质")
    n = 0
    for r, f in v.dismissed_rows(results):
        n += 1
        d = r.decision(f)
        row = w.append([n, v.org(r), v.place(r, f), SEVERITY_LABELS.get(f.severity, ""), f.message,
                        d.reason + ("（沿用上一稿的决定）" if d.carried else ""), d.comment,
                        _rule_title(catalogue, f), Path(r.path).name, "" if f.own else f.rule])
        w.restyle(row, sev, SEVERITY.get(f.severity))
    if not n:
        w.note("没有排除的问题。")
    w.finish(title)


def _warnings_sheet(ws: Sheet, results: Sequence[AuditResult], title: str,
                    catalogue: dict[str, RuleDoc]) -> None:
    w = SheetWriter(ws, WARNING_COLUMNS, title=f"{title}——读取存疑（请审核人员核实，不发给单位）")
    n = 0
    for r in results:  # a file that could not be read at all is the first question
        if not r.ok:
            n += 1
            code = r.error.code if r.error else ""
            w.append([n, v.org(r), Path(r.path).name, f"无法读取：{read_error_category(code)}", "",
                      r.error.message if r.error else "", "", ""])
    titles = lambda rule_id: catalogue[rule_id].title if rule_id in catalogue else ""  # noqa: E731
    for r in results:
        for wr in sorted(r.warnings, key=lambda x: x.span[0] if x.span else v.LAST):
            n += 1
            w.append([n, v.org(r), Path(r.path).name, doubt_category(wr.code, titles), wr.location, wr.message,
                      excerpt(v.text(r), wr.span), ""])
    if not n:
        w.note("没有读取存疑的地方。")
    w.finish(title)


def _rules_sheet(ws: Sheet, results: Sequence[AuditResult], title: str,
                 docs: list[RuleDoc]) -> None:
    w = SheetWriter(ws, RULE_COLUMNS, title=f"{title}——规则说明（本次出现的问题所依据的规则）")
    out: dict[str, int] = {}
    dismissed: dict[str, int] = {}
    for r in results:
        for f in r.all_findings():
            if f.own:
                continue
            bucket = dismissed if r.decision(f).kind == "dismissed" else out
            bucket[f.rule] = bucket.get(f.rule, 0) + 1
    for d in docs:
        if d.id not in out and d.id not in dismissed:
            continue
        row = w.append([d.title, d.id, SEVERITY_LABELS.get(d.severity, ""), d.doc, d.basis,
                        out.get(d.id, 0), dismissed.get(d.id, 0)])
        w.restyle(row, 3, SEVERITY.get(d.severity))
    if w.row == w.header_row:
        w.note("本次没有发现问题。")
    w.finish(title)


def summary_info(results: Sequence[AuditResult], office: Office | None, today: date) -> list[str]:
    """The lines under the summary's title: who audited, when, and the totals."""
    words = [conclusion(r) for r in results]
    counts = "，".join(f"{c} {words.count(c)} 份" for c in (CONCLUSION_FIX, CONCLUSION_PASS, CONCLUSION_UNREADABLE)
                      if words.count(c))
    head = [f"审核单位：{office.name}" if office and office.name else "",
            f"联系人：{office.contact}" if office and office.contact else "",
            f"联系电话：{office.phone}" if office and office.phone else "",
            f"导出日期：{v.cn_date(today)}"]
    return ["　　".join(p for p in head if p), f"共 {len(results)} 份报告" + (f"：{counts}" if counts else "。")]


def _default_title(results: Sequence[AuditResult]) -> str:
    if len(results) == 1 and results[0].report is not None and results[0].report.org:
        rep = results[0].report
        year = f"{rep.year}年" if rep.year else ""
        return f"{rep.org}{year}政府信息公开工作年度报告审核汇总"
    return DEFAULT_TITLE


def build_workbook(results: Sequence[AuditResult], title: str, office: Office | None = None,
                   today: date | None = None) -> Book:
    """The summary workbook in memory (``write_checklist`` saves it)."""
    today = today or date.today()
    results = v.sort_results(results)
    book = Book()
    docs = rules_for(results)
    catalogue = {d.id: d for d in docs}
    deadline = v.deadline_date(today, office.fix_days if office else 15)
    sheets = [book.create_sheet(name) for name in SHEETS]
    _summary_sheet(sheets[0], results, title, summary_info(results, office, today))
    _findings_sheet(sheets[1], results, title, catalogue, deadline)
    _dismissed_sheet(sheets[2], results, title, catalogue)
    _warnings_sheet(sheets[3], results, title, catalogue)
    _rules_sheet(sheets[4], results, title, docs)
    write_dismissed_sheet(book, results)
    book.active = 0
    set_properties(book, title, f"由年报审核助手 {__version__} 生成，共 {len(results)} 份报告。")
    return book


def set_properties(book: Book, title: str, description: str) -> None:
    props = book.properties
    props.title = clean_text(title, 255)
    props.subject = "政府信息公开工作年度报告审核"
    props.creator = "年报审核助手"
    props.description = clean_text(description, 255)
    props.keywords = "整改清单;政府信息公开;年度报告"


def save_workbook(book: Book, path: str | Path, what: str = "整改清单", durable: bool = True,
                  styles: StyleTable | None = None) -> Path:
    """Save ``book`` all-or-nothing; a failure is an ``ExportError`` with a Chinese message."""
    try:
        data = book.to_bytes(styles or StyleTable.build())
    except Exception as exc:
        log.exception("saving %s failed", path)
        raise ExportError(f"生成{what}时发生内部错误，未保存任何文件。", "internal") from exc
    return write_atomically(path, lambda fh: fh.write(data), durable=durable)


def write_checklist(results: Iterable[AuditResult], path: str | Path, *, title: str | None = None,
                    office: Office | None = None, today: date | None = None) -> Path:
    """Write the summary workbook for ``results`` to ``path`` (all-or-nothing) and return the path.

    ``office`` None means the user's settings.

    Raises ``ExportError`` with a Chinese message when it cannot be saved (target open
    in Excel, read-only folder, full disk); nothing half-written is left behind.
    """
    results = list(results)
    title = title or _default_title(results)
    if office is None:  # the office details the auditor set in 设置
        from app.config import load_config

        office = load_config().office
    try:
        wb = build_workbook(results, title, office, today)
    except Exception as exc:  # a bug here must reach the auditor as a message, not a crash
        log.exception("building the checklist failed")
        raise ExportError("生成整改清单时发生内部错误，未保存任何文件。", "internal") from exc
    return save_workbook(wb, path)
