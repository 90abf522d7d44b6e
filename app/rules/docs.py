"""Generate docs/rules.md from the registry, so the rule list cannot drift from the code.

Usage: ``python -m app.rules.docs > docs/rules.md`` (a test checks the committed file).
"""
from __future__ import annotations

import sys

from app.config import DEFAULT_DEADLINES
from app.model import SEVERITY_LABELS
from app.rules.base import FAMILIES
from app.rules.catalogue import ALL_RULES


def render() -> str:
    out = [
        "# 审核规则一览",
        "",
        "本文件由 `python -m app.rules.docs > docs/rules.md` 从规则注册表生成，请勿手工修改。",
        "",
        f"共 {len(ALL_RULES)} 条规则。严重程度：错误 = 必须改正；警告 = 很可能有误或不合格式；提示 = 值得一看。",
        ("规则的输入无法读取（单元格空白、表格缺失）时，该规则不判错，而是在“读取存疑”中说明无法评估"
        "（代码 `not-assessed:规则编号`），其余规则照常运行。"),
        "",
        "## 设置",
        "",
        ("设置文件放在用户配置目录（Windows：`%APPDATA%\\govaudit\\config.toml`；其他系统："
        "`$XDG_CONFIG_HOME/govaudit/config.toml` 或 `~/.config/govaudit/config.toml`，也可用 `config.json`），"
        "程序不会自行写入。示例："),
        "",
        "```toml",
        "[rules]",
        'disabled = ["STR-RECTIFICATION"]',
        "",
        "[deadlines]",
        *[f'{k} = "{v}"' for k, v in DEFAULT_DEADLINES.items()],
        "```",
        "",
        ("`deadlines` 为报告年度次年的“月-日”：department = 县级以上人民政府部门，government = 本级人民政府的报告，"
        "township = 乡镇、街道（条例未规定，按地方规定）。"),
        "",
        "## 目录",
        "",
        "| 编号 | 严重程度 | 规则 |",
        "|---|---|---|",
    ]
    for r in ALL_RULES:
        out.append(f"| [{r.id}](#{r.id.lower()}) | {SEVERITY_LABELS[r.severity]} | {r.title} |")
    for family, name in FAMILIES.items():
        rules = [r for r in ALL_RULES if r.family == family]
        if not rules:
            continue
        out += ["", f"## {name}"]
        for r in rules:
            out += [
                "",
                f"### {r.id}",
                "",
                f"**{r.title}** — {SEVERITY_LABELS[r.severity]}",
                "",
                r.doc,
                "",
                f"- 示例：{r.example}",
            ]
            if r.good or r.bad:
                out += [f"- 正确写法：{r.good}", f"- 错误写法：{r.bad}"]
                if r.tables:
                    out.append(f"- 对照的表格数字：{r.tables}")
            out.append(f"- 依据：{r.source}")
    return "\n".join(out) + "\n"


def main() -> int:
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
