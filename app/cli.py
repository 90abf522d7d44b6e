"""The ``govaudit`` command line: ``govaudit check PATH... [--format text|json] [--xlsx OUT]``.

stdout carries only the result (JSON or the Chinese summary); progress and errors go
to stderr. Exit code: 0 all read and no error finding, 1 a report has an error
finding, 2 a file could not be read at all.
"""
from __future__ import annotations

import argparse
import json
import sys

from app import __version__
from app.model import SEVERITY_LABELS, AuditResult


def _configure_stdio() -> None:
    # UTF-8 and "\n" on every system: the JSON is byte-identical on Windows and Linux.
    from app.consoleio import use_utf8_stdio

    use_utf8_stdio()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govaudit", description="年报审核助手：审核政府信息公开工作年度报告")
    p.add_argument("--version", action="version", version=f"govaudit {__version__}")
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="审核年报文件或文件夹")
    c.add_argument("paths", nargs="+", metavar="PATH", help="年报文件或文件夹（递归）")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.add_argument("--xlsx", metavar="OUT.xlsx", help="同时导出整改清单（Excel）")
    c.add_argument("--no-text", action="store_true", help="JSON 中省略全文 text 字段")
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
    from app.audit import audit_file
    from app.ingest import iter_report_files

    from app.config import load_config

    config = load_config()  # once per run, not per file
    files = iter_report_files(args.paths)
    if not files:
        print("没有找到年报文件（支持 .txt .pdf .docx .html .htm）。", file=sys.stderr)
    results = []
    for i, path in enumerate(files, 1):
        if len(files) > 1:
            print(f"[{i}/{len(files)}] {path}", file=sys.stderr)
        r = audit_file(path, config)
        if not r.ok:
            print(f"无法读取 {path}：{r.error.message}", file=sys.stderr)
        results.append(r)
    if args.format == "json":
        from app.result import document_json

        doc = document_json(results)
        if args.no_text:
            for rep in doc["reports"]:
                rep.pop("text", None)
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_text(results)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
