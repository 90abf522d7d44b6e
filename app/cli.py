"""The ``govaudit`` command line: ``govaudit check PATH... [--format text|json] [--xlsx OUT]
[--jobs N] [--timeout SECONDS]``.

stdout carries only the result (JSON or the Chinese summary), written report by report
in input order as the worker pool (``app.batch``) reads them; progress and errors go to
stderr, tracebacks only to the log file. Exit code: 0 all read and no error finding,
1 a report has an error finding, 2 a file could not be read at all (or was over its
time budget, or the run was interrupted).
"""
from __future__ import annotations

import argparse
import sys

from app import __version__
from app.batch import DEFAULT_BUDGET
from app.model import SEVERITY_LABELS, AuditResult


def _configure_stdio() -> None:
    # Windows consoles default to a legacy code page; the JSON and summaries are UTF-8.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def build_parser() -> argparse.ArgumentParser:
    from app.cli_args import ChineseArgumentParser

    p = ChineseArgumentParser(prog="govaudit", description="年报审核助手：审核政府信息公开工作年度报告")
    p.add_argument("--version", action="version", version=f"govaudit {__version__}")
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="审核年报文件或文件夹")
    c.add_argument("paths", nargs="+", metavar="PATH", help="年报文件或文件夹（递归）")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.add_argument("--xlsx", metavar="OUT.xlsx", help="同时导出整改清单（Excel）")
    c.add_argument("--no-text", action="store_true", help="JSON 中省略全文 text 字段")
    c.add_argument("--jobs", type=int, metavar="N", help="同时读取的进程数（默认：全部 CPU 核心）")
    c.add_argument("--timeout", type=float, metavar="秒", default=DEFAULT_BUDGET,
                   help=f"每个文件的读取时限，超时的文件报告为“读取超时”，其余继续（默认 {DEFAULT_BUDGET:g} 秒）")
    return p


def summary_line(r: AuditResult) -> str:
    if not r.ok:
        return f"{r.path}: 无法读取 — {r.error.message if r.error else ''}"
    rep = r.report
    head = f"{r.path}: {rep.org or '（未识别单位）'} {rep.year or '?'}年度，模板 {rep.template}"
    counts = "，".join(f"{SEVERITY_LABELS[s]} {r.count(s)}" for s in ("error", "warning", "info"))
    return f"{head}；{counts}；读取存疑 {len(r.warnings)}"


def print_text(results: list[AuditResult]) -> None:
    for r in results:
        print(summary_line(r))
        for f in r.findings:
            where = "" if not f.location or f.message.startswith(f.location) else f"{f.location}："
            print(f"  [{SEVERITY_LABELS[f.severity]}] {f.rule} {where}{f.message}")
        for w in r.warnings:
            print(f"  [存疑] {w.message}")


def run_check(args: argparse.Namespace) -> int:
    from app.batch import AuditPool, InputOrder
    from app.ingest import iter_report_files
    from app.result import JsonStream

    from app.config import load_config

    config = load_config()  # once per run, not per file
    files = iter_report_files(args.paths)
    if not files:
        print("没有找到年报文件（支持 .txt .pdf .docx .html .htm）。", file=sys.stderr)
    if args.jobs is not None and args.jobs < 1 or args.timeout <= 0:
        print("--jobs 应为正整数，--timeout 应为正数。", file=sys.stderr)
        return 2
    results: list[AuditResult] = []
    stream = JsonStream(sys.stdout, args.no_text) if args.format == "json" else None

    def emit(r: AuditResult) -> None:  # in input order, as soon as each report is read
        results.append(r)
        if len(files) > 1:
            print(f"[{len(results)}/{len(files)}] {r.path}", file=sys.stderr)
        if not r.ok:
            print(f"无法读取 {r.path}：{r.error.message}", file=sys.stderr)
        if stream:
            stream.add(r)
        else:
            print_text([r])

    reading = InputOrder(files, AuditPool(args.jobs, args.timeout, config))
    try:
        for r in reading:
            emit(r)
    except KeyboardInterrupt:  # what was read is kept; the rest is listed as not read
        print("已中断：已读取的结果照常输出，其余文件未读取。", file=sys.stderr)
        for r in reading.rest():
            emit(r)
    if stream:
        stream.close()
        sys.stdout.write("\n")
    if args.xlsx:
        from app.export.xlsx import ExportError, write_checklist

        try:
            write_checklist(results, args.xlsx)
            print(f"整改清单已导出：{args.xlsx}", file=sys.stderr)
        except ExportError as exc:
            print(f"导出失败：{exc}", file=sys.stderr)
            return 2
    if any(not r.ok for r in results) or not files:
        return 2
    if any(r.count("error") for r in results):
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    from app.cli_args import protect_dash_names
    from app.logsetup import setup_logging

    setup_logging(console_fallback=False)  # tracebacks go to the log file, never to the console
    parser = build_parser()
    argv, names = protect_dash_names(parser, sys.argv[1:] if argv is None else list(argv))
    args = parser.parse_args(argv)
    if getattr(args, "paths", None):
        args.paths = [names.get(p, p) for p in args.paths]
    if args.command == "check":
        return run_check(args)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
