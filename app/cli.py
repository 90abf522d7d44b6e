"""The ``govaudit`` command line.

``govaudit check PATH... [--format text|json] [--xlsx SUMMARY] [--per-unit OUTDIR [--docx]]
[--overview OUT] [--workspace [PATH]]`` audits reports (with more than one report, or a
workspace, also across reports: year over year and copied text), writes the county
summary workbook and one checklist (and Word notice) per unit; ``govaudit recheck NEW
--against OLD.xlsx|OLD_FILE`` compares a revised report with what the unit was told;
``govaudit units`` shows and corrects which names the cross-report checks take as one
unit. Files are read by a crash-isolating, time-budgeted pool of worker processes
(``--jobs``, ``--timeout``; ``app.batch``), results taken in input order. stdout carries
only the result (JSON or the Chinese summary); progress and errors go to stderr,
tracebacks only to the log file. Every word of the help and the errors is Chinese
(``app.cliparser``).

``check`` exit code: 0 all read and no error finding, 1 a report has an error finding,
2 a file could not be read at all. ``recheck``: 0 nothing still open or new, 1 otherwise,
2 a file could not be read.
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import partial

from app import __version__
from app.batch import DEFAULT_BUDGET
from app.model import SEVERITY_LABELS, AuditResult


def _configure_stdio() -> None:
    # UTF-8 and "\n" on every system: the JSON is byte-identical on Windows and Linux.
    from app.consoleio import use_utf8_stdio

    use_utf8_stdio()


def _extensions() -> str:
    from app.ingest import REPORT_EXTENSIONS

    return " ".join(REPORT_EXTENSIONS)


def build_parser() -> argparse.ArgumentParser:
    from app.cliparser import ChineseArgumentParser

    p = ChineseArgumentParser(prog="govaudit", description="年报审核助手：审核政府信息公开工作年度报告")
    p.add_argument("--version", action="version", version=f"govaudit {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", title="命令", metavar="{check,recheck,units}")
    c = sub.add_parser("check", help="审核年报文件或文件夹",
                       description="审核年报文件或文件夹，可同时导出审核汇总和各单位的整改清单")
    c.add_argument("paths", nargs="+", metavar="路径", help=f"年报文件或文件夹（文件夹中递归查找 {_extensions()}）")
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="输出格式：text 为中文摘要，json 为机器可读结果")
    c.add_argument("--xlsx", metavar="汇总.xlsx", help="导出审核汇总工作簿（汇总、整改清单、已排除、读取存疑、规则说明）")
    c.add_argument("--per-unit", metavar="文件夹",
                   help="为每份报告导出一份“单位_年度_整改清单.xlsx”到此文件夹（不存在时自动创建）")
    c.add_argument("--docx", action="store_true", help="同时为每份报告生成 Word 整改通知（需与 --per-unit 一起使用）")
    c.add_argument("--no-text", action="store_true", help="JSON 中省略全文 text 字段")
    c.add_argument("--jobs", type=int, metavar="N", help="同时读取的进程数（默认：全部 CPU 核心）")
    c.add_argument("--timeout", type=float, metavar="秒", default=DEFAULT_BUDGET,
                   help="每个文件的读取时限，超时的文件报告为“读取超时”，其余继续")
    c.add_argument("--overview", metavar="总览.xlsx", help="同时导出全县总览（Excel，含图表）")
    _workspace_option(c, "记录到审核工作区，并在输出中应用其中的审核决定（已排除的问题不进入整改清单）")
    r = sub.add_parser("recheck", help="复核整改后的年报：与原整改清单或原报告比对",
                       description="复核整改后的年报：与原整改清单（本软件导出的 .xlsx）或原报告比对")
    r.add_argument("new", metavar="新报告", help="整改后的年报文件")
    r.add_argument("--against", required=True, metavar="原清单或原报告",
                   help="原整改清单（本软件导出的 .xlsx）或原报告文件")
    r.add_argument("--format", choices=("text", "json"), default="text",
                   help="输出格式：text 为中文摘要，json 为机器可读结果")
    _workspace_option(r, "使用审核工作区中的审核决定（已排除的问题不计入）并记录本次复核")
    from app.across.commands import add_parser as add_units_parser

    add_units_parser(sub)
    return p


def _workspace_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--workspace", nargs="?", const="", default=None, metavar="位置",
                        help=help_text + "；不写位置时使用“设置”中的位置（未设置时为默认位置）")


def open_workspace(arg: str | None, config=None):
    """The workspace named on the command line (None: stateless), or exit code 2 with a Chinese message.

    ``--workspace`` without a place uses the one chosen in 设置 (``config.workspace``).
    """
    if arg is None:
        return None, 0
    from app.workspace import Workspace, WorkspaceError

    try:
        return Workspace.open(arg or getattr(config, "workspace", "") or None), 0
    except WorkspaceError as exc:
        print(f"无法使用审核工作区：{exc.message}", file=sys.stderr)
        return None, 2


def summary_line(r: AuditResult) -> str:
    if not r.ok:
        return f"{r.path}: 无法读取 — {r.error.message if r.error else ''}"
    rep = r.report
    from app.export.values import TEMPLATE_LABELS

    head = f"{r.path}: {rep.org or '（未识别单位）'} {rep.year or '?'}年度，{TEMPLATE_LABELS.get(rep.template, '未识别')}格式"
    counts = "，".join(f"{SEVERITY_LABELS[s]} {r.count(s)}" for s in ("error", "warning", "info"))
    return f"{head}；{counts}；读取存疑 {len(r.warnings)}"


def print_text(results: list[AuditResult]) -> None:
    for r in results:
        print(summary_line(r))
        for f in r.all_findings():
            where = "" if not f.location or f.message.startswith(f.location) else f"{f.location}："
            d = r.decision(f)
            mark = {"confirmed": "（已确认）", "dismissed": f"（已排除：{d.reason}）"}.get(d.kind, "") if r.review else ""
            rule = "审核人员添加" if f.own else f"{f.title}（{f.rule}）" if f.title else f.rule
            print(f"  [{SEVERITY_LABELS[f.severity]}] {rule} {where}{f.message}{mark}")
        for w in r.warnings:
            print(f"  [读取存疑] {w.message}")


def run_check(args: argparse.Namespace) -> int:
    from app.batch import AuditPool, InputOrder
    from app.config import load_config
    from app.ingest import iter_report_files
    from app.result import JsonStream
    from app.workspace.pipeline import audit_at

    config = load_config()  # once per run, not per file
    if args.docx and not args.per_unit:
        print("--docx 需要与 --per-unit 一起使用：Word 整改通知与各单位的整改清单写在同一个文件夹。", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1 or args.timeout <= 0:
        print("--jobs 应为正整数，--timeout 应为正数。", file=sys.stderr)
        return 2
    ws, failed = open_workspace(args.workspace, config)
    if failed:
        return failed
    files = iter_report_files(args.paths)
    if not files:
        print(f"没有找到年报文件（支持 {_extensions()}）。", file=sys.stderr)
    # Across reports (year over year, copied text) every report waits for the whole batch;
    # a single report is written as soon as it is read.
    across = len(files) > 1 or ws is not None
    results: list[AuditResult] = []
    stream = JsonStream(sys.stdout, args.no_text) if args.format == "json" and not across else None

    def read(r: AuditResult) -> None:  # in input order, as soon as each report is read
        results.append(r)
        if len(files) > 1:
            print(f"[{len(results)}/{len(files)}] {r.path}", file=sys.stderr)
        if not r.ok:
            print(f"无法读取 {r.path}：{r.error.message}", file=sys.stderr)
        if not across:
            write(r)

    def write(r: AuditResult) -> None:
        if stream is not None:
            stream.add(r)
        else:
            print_text([r])

    # With a workspace the workers record each file there (and bring back its review).
    recorded = {"reader": partial(audit_at, str(ws.path), ws.readonly)} if ws is not None and ws.path else {}
    reading = InputOrder(files, AuditPool(args.jobs, args.timeout, config, **recorded))
    try:
        for r in reading:
            read(r)
    except KeyboardInterrupt:  # what was read is kept; the rest is listed as not read
        print("已中断：已读取的结果照常输出，其余文件未读取。", file=sys.stderr)
        for r in reading.rest():
            read(r)
    if across:
        run_across(results, ws, config)
        if args.format == "json":
            stream = JsonStream(sys.stdout, args.no_text)
        for r in results:
            write(r)
    if stream is not None:
        stream.close()
        sys.stdout.write("\n")
    if args.xlsx or args.per_unit:
        code = export(results, args, config)
        if code:
            return code
    if args.overview:
        from app.export.atomic import ExportError
        from app.export.overview_sheet import write_overview

        try:
            write_overview(results, args.overview)
            print(f"全县总览已导出：{args.overview}", file=sys.stderr)
        except ExportError as exc:
            print(f"导出失败：{exc.message}", file=sys.stderr)
            return 2
    if any(not r.ok for r in results) or not files:
        return 2
    if any(r.open_count("error") for r in results):  # dismissed errors no longer count
        return 1
    return 0


def export(results: list[AuditResult], args: argparse.Namespace, config) -> int:
    """The summary workbook (--xlsx) and the unit folder (--per-unit); 2 when something was not saved."""
    from app.export.atomic import ExportError

    if not config.office.name:
        print("提示：尚未设置审核单位（窗口菜单“文件 → 设置”），导出的文件中审核单位一栏为空。", file=sys.stderr)
    code = 0
    if args.xlsx:
        from app.export.xlsx import write_checklist

        try:
            write_checklist(results, args.xlsx, office=config.office)
            print(f"审核汇总已导出：{args.xlsx}", file=sys.stderr)
        except ExportError as exc:
            print(f"导出失败：{exc.message}", file=sys.stderr)
            code = 2
    if args.per_unit:
        from app.export.sendback import export_units

        try:
            outcome = export_units(results, args.per_unit, config.office, notices=args.docx)
        except ExportError as exc:
            print(f"导出失败：{exc.message}", file=sys.stderr)
            return 2
        print(outcome.message(), file=sys.stderr)
        for name, message in outcome.failed:
            print(f"未能保存 {name}：{message}", file=sys.stderr)
        if outcome.failed:
            code = 2
    return code


def run_across(results: list[AuditResult], ws, config) -> None:
    """The cross-report checks (year over year, copied text) over the batch and the workspace's library."""
    import logging

    from app.across import apply_outcome, cross_check

    try:
        outcome = cross_check(results, ws, config, with_overview=False)
    except Exception as exc:  # a bug here must not lose the per-report audit
        logging.getLogger(__name__).exception("cross-report checks failed")
        print(f"跨报告检查出错（{type(exc).__name__}），已跳过。", file=sys.stderr)
        return
    apply_outcome(results, outcome)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)


def run_recheck(args: argparse.Namespace) -> int:
    from app.audit import audit_file
    from app.config import load_config
    from app.workspace.against import RecheckError, recheck

    config = load_config()
    ws, failed = open_workspace(args.workspace, config)
    if failed:
        return failed
    if ws is not None:
        from app.workspace.pipeline import audit_recorded

        result = audit_recorded(args.new, ws, config)
    else:
        result = audit_file(args.new, config)
    if not result.ok:
        print(f"无法读取 {args.new}：{result.error.message if result.error else ''}", file=sys.stderr)
        return 2
    try:
        comparison = recheck(result, args.against, ws, config)
    except RecheckError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    if args.format == "json":
        from app.result import finding_json

        doc = {"schema": 1, "file": args.new, "against": args.against}
        for key in ("fixed", "still_open", "new", "unknown"):
            doc[key] = [finding_json(f) | ({"own": True} if f.own else {}) for f in getattr(comparison, key)]
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_recheck(args.new, comparison)
    return 1 if comparison.still_open or comparison.new else 0


def print_recheck(path: str, comparison) -> None:
    from app.model import RECHECK_LABELS

    counts = comparison.counts()
    print(f"{path}：复核（对照 {comparison.previous_path}）——"
          + " / ".join(f"{RECHECK_LABELS[k]} {counts[k]}" for k in ("fixed", "still_open", "new", "unknown")))
    for key in ("still_open", "new", "unknown", "fixed"):
        for f in getattr(comparison, key):
            where = "" if not f.location or f.message.startswith(f.location) else f"{f.location}："
            print(f"  [{RECHECK_LABELS[key]}] {f.title or f.rule} {where}{f.message}")


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    from app.cliparser import protect_dash_names
    from app.logsetup import setup_logging

    setup_logging(console_fallback=False)  # tracebacks go to the log file, never to the console
    parser = build_parser()
    argv, names = protect_dash_names(parser, sys.argv[1:] if argv is None else list(argv))
    args = parser.parse_args(argv)
    for attr in ("paths",):
        if getattr(args, attr, None):
            setattr(args, attr, [names.get(p, p) for p in getattr(args, attr)])
    for attr in ("new", "against"):
        if isinstance(getattr(args, attr, None), str):
            setattr(args, attr, names.get(getattr(args, attr), getattr(args, attr)))
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "recheck":
            return run_recheck(args)
        if args.command == "units":
            from app.across.commands import run as run_units

            return run_units(args)
    except BrokenPipeError:  # the reader (e.g. `| head`) went away: nothing more to say
        try:
            sys.stdout = None  # type: ignore[assignment]  # no second error at interpreter exit
        finally:
            return 1
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
