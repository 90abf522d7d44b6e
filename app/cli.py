"""The ``govaudit`` command line.

``govaudit check PATH... [--format text|json] [--xlsx OUT] [--workspace [PATH]]`` audits
reports; ``govaudit recheck NEW --against OLD.xlsx|OLD_FILE`` compares a revised report
with what the unit was told. stdout carries only the result (JSON or the Chinese
summary); progress and errors go to stderr.

``check`` exit code: 0 all read and no error finding, 1 a report has an error finding,
2 a file could not be read at all. ``recheck``: 0 nothing still open or new, 1 otherwise,
2 a file could not be read.
"""
from __future__ import annotations

import argparse
import json
import sys

from app import __version__
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
    p = argparse.ArgumentParser(prog="govaudit", description="年报审核助手：审核政府信息公开工作年度报告")
    p.add_argument("--version", action="version", version=f"govaudit {__version__}")
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="审核年报文件或文件夹")
    c.add_argument("paths", nargs="+", metavar="PATH", help="年报文件或文件夹（递归）")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.add_argument("--xlsx", metavar="OUT.xlsx", help="同时导出整改清单（Excel）")
    c.add_argument("--no-text", action="store_true", help="JSON 中省略全文 text 字段")
    _workspace_option(c, "记录到审核工作区，并在输出中应用其中的审核决定（已排除的问题不进入整改清单）")
    r = sub.add_parser("recheck", help="复核整改后的年报：与原整改清单或原报告比对")
    r.add_argument("new", metavar="NEW", help="整改后的年报文件")
    r.add_argument("--against", required=True, metavar="OLD",
                   help="原整改清单（本软件导出的 .xlsx）或原报告文件")
    r.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    _workspace_option(r, "使用审核工作区中的审核决定（已排除的问题不计入）并记录本次复核")
    return p


def _workspace_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--workspace", nargs="?", const="", default=None, metavar="PATH",
                        help=help_text + "；不写路径时使用默认位置")


def open_workspace(arg: str | None):
    """The workspace named on the command line (None: stateless), or exit code 2 with a Chinese message."""
    if arg is None:
        return None, 0
    from app.workspace import Workspace, WorkspaceError

    try:
        return Workspace.open(arg or None), 0
    except WorkspaceError as exc:
        print(f"无法使用审核工作区：{exc.message}", file=sys.stderr)
        return None, 2


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
        for f in r.all_findings():
            where = "" if not f.location or f.message.startswith(f.location) else f"{f.location}："
            d = r.decision(f)
            mark = {"confirmed": "（已确认）", "dismissed": f"（已排除：{d.reason}）"}.get(d.kind, "") if r.review else ""
            print(f"  [{SEVERITY_LABELS[f.severity]}] {'人工添加' if f.own else f.rule} {where}{f.message}{mark}")
        for w in r.warnings:
            print(f"  [存疑] {w.message}")


def run_check(args: argparse.Namespace) -> int:
    from app.audit import audit_file
    from app.ingest import iter_report_files

    from app.config import load_config

    config = load_config()  # once per run, not per file
    ws, failed = open_workspace(args.workspace)
    if failed:
        return failed
    files = iter_report_files(args.paths)
    if not files:
        print("没有找到年报文件（支持 .txt .pdf .docx .html .htm）。", file=sys.stderr)
    results = []
    for i, path in enumerate(files, 1):
        if len(files) > 1:
            print(f"[{i}/{len(files)}] {path}", file=sys.stderr)
        if ws is not None:
            from app.workspace.pipeline import audit_recorded

            r = audit_recorded(path, ws, config)
        else:
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
    if any(r.open_count("error") for r in results):  # dismissed errors no longer count
        return 1
    return 0


def run_recheck(args: argparse.Namespace) -> int:
    from app.audit import audit_file
    from app.config import load_config
    from app.workspace.against import RecheckError, recheck

    config = load_config()
    ws, failed = open_workspace(args.workspace)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "recheck":
            return run_recheck(args)
    except BrokenPipeError:  # the reader (e.g. `| head`) went away: nothing more to say
        try:
            sys.stdout = None  # type: ignore[assignment]  # no second error at interpreter exit
        finally:
            return 1
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
