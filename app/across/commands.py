"""``govaudit units``: what the cross-report checks take as one unit, and the auditor's corrections.

Lists, from the workspace, the names taken as one unit, the names that fit several units
(which the checks leave alone until the auditor decides), the links made by hand and the
county aggregate; ``--link`` / ``--unlink`` / ``--forget`` / ``--aggregate`` change them.
"""
from __future__ import annotations

import argparse
import sys


def add_parser(sub) -> None:
    u = sub.add_parser("units", help="查看和调整跨报告检查的单位对应（同一单位的不同名称）")
    group = u.add_mutually_exclusive_group()
    group.add_argument("--link", nargs=2, metavar=("单位A", "单位B"), help="把两个名称关联为同一单位")
    group.add_argument("--unlink", nargs=2, metavar=("单位A", "单位B"), help="声明两个名称不是同一单位")
    group.add_argument("--forget", nargs=2, metavar=("单位A", "单位B"), help="取消此前的关联或取消关联，按名称判断")
    group.add_argument("--aggregate", metavar="单位", help="把该单位的报告标为全县（区）汇总报告")
    group.add_argument("--not-aggregate", metavar="单位", help="取消汇总报告标记")
    u.add_argument("--workspace", nargs="?", const="", default=argparse.SUPPRESS, metavar="位置",
                   help="审核工作区数据库或其所在文件夹（不写时使用“设置”中的位置或默认位置）")


def run(args: argparse.Namespace) -> int:
    from app.across.units import resolve
    from app.workspace import Workspace, WorkspaceError
    from app.workspace import units as stored

    from app.config import load_config

    try:
        ws = Workspace.open(getattr(args, "workspace", "") or load_config().workspace or None)
    except WorkspaceError as exc:
        print(f"无法使用审核工作区：{exc.message}", file=sys.stderr)
        return 2
    with ws:
        try:
            if args.link or args.unlink:
                a, b = args.link or args.unlink
                stored.set_link(ws, a, b, linked=bool(args.link))
                print(f"已{'关联' if args.link else '取消关联'}：“{a}”与“{b}”。")
            elif args.forget:
                stored.clear_link(ws, *args.forget)
                print(f"已取消对“{args.forget[0]}”与“{args.forget[1]}”的人工判断，改按名称判断。")
            elif args.aggregate or args.not_aggregate:
                org = args.aggregate or args.not_aggregate
                stored.set_aggregate(ws, org, aggregate=bool(args.aggregate))
                print(f"已{'将' if args.aggregate else '取消'}“{org}”{'标为' if args.aggregate else '的'}全县（区）汇总报告"
                      f"{'' if args.aggregate else '标记'}。")
        except ValueError:
            print("单位名称无效：两个名称须不同且不能为空。", file=sys.stderr)
            return 2
        except WorkspaceError as exc:
            print(exc.message, file=sys.stderr)
            return 2
        docs = ws.documents()
        names: dict[str, str] = {}
        years: dict[str, set[int]] = {}
        for d in docs:
            if d["unit_key"] and d["org"]:
                names.setdefault(d["unit_key"], d["org"])
                if d["year"]:
                    years.setdefault(d["unit_key"], set()).add(d["year"])
        links = stored.links(ws)
        units = resolve(names, links)
        print_units(units, names, years, links, stored.aggregates(ws))
    return 0


def print_units(units, names: dict[str, str], years: dict[str, set[int]], links, aggregates: dict[str, str]) -> None:
    def label(key: str) -> str:
        ys = "、".join(str(y) for y in sorted(years.get(key, ())))
        return f"“{names.get(key, key)}”" + (f"（{ys}年）" if ys else "")

    groups: dict[str, list[str]] = {}
    for key in names:
        groups.setdefault(units.unit(key), []).append(key)
    merged = [sorted(g) for g in groups.values() if len(g) > 1]
    print(f"审核工作区中共 {len(names)} 个单位名称，{len(groups)} 个单位。")
    if merged:
        print("视为同一单位的不同名称：")
        for g in sorted(merged):
            print("  " + " = ".join(label(k) for k in g))
    if units.ambiguous:
        print("名称对应存疑（未作跨年比较，请用 --link 或 --unlink 确认）：")
        for amb in units.ambiguous:
            print(f"  {label(amb.key)} 可能是 " + " 或 ".join(label(k) for k, _ in amb.candidates))
    if links:
        print("人工判断：")
        for l in links:
            print(f"  “{l.org_a}” {'=' if l.linked else '≠'} “{l.org_b}”（{l.at}）")
    if aggregates:
        print("全县（区）汇总报告：" + "、".join(f"“{org}”" for org in aggregates.values()))
