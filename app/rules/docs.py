"""Generate docs/rules.md from the registry, so the rule list cannot drift from the code.

Usage: ``python -m app.rules.docs > docs/rules.md`` (a test checks the committed file).
"""
from __future__ import annotations

import sys

from app.config import BODY_KIND_LABELS, DEFAULT_DEADLINES
from app.model import SEVERITY_LABELS
from app.rules.base import FAMILIES
from app.rules.basis import basis
from app.rules.catalogue import ALL_RULES
from app.rules.cross import CROSS_RULES, FAMILY_TITLE


ACROSS_NOTE = (
    "跨报告检查在一次审核多份报告（或使用审核工作区）时运行：同一单位相邻两年的报告按单位名称对应"
    "（忽略“人民政府”“办事处”后缀、一方有一方无的县区前缀、全角半角与空格）；名称对应不唯一时不作猜测，"
    "在“读取存疑”中列出，由审核人员关联或取消关联（窗口中的“跨报告 → 单位对应”，或命令行 govaudit units）。"
    "默认阈值：数字跳变——两年均不少于 20 件且相差 10 倍以上；从无到有——由 0 变为不少于 5 件；"
    "雷同——某一部分一半以上（且不少于 100 字）与另一份报告相同；出现在 4 个以上单位且占全部报告 5% 以上的句子"
    "视为通用表述，不计入雷同。"
)


def render() -> str:
    out = [
        "# 审核规则一览",
        "",
        (f"共 {len(ALL_RULES)} 条单份报告规则，另有 {len(CROSS_RULES)} 条跨报告规则。"
         "严重程度：错误 = 必须改正；警告 = 很可能有误或不合格式；提示 = 值得一看。"),
        ("规则的输入无法读取（单元格空白、表格缺失）时，该规则不判错，而是在“读取存疑”中说明无法评估，"
         "其余规则照常运行。"),
        "",
        "## 设置",
        "",
        ("在窗口菜单“文件 → 设置”（Ctrl+,）中可以关闭规则、改变规则的严重程度、调整各类机关的公布期限，"
         "并填写审核单位、联系人、电话和默认整改期限（这些信息印在导出的整改清单和整改通知上）。"
         "命令行使用同一份设置。"),
        "",
        "各类机关的公布期限（报告年度次年的月、日）默认为：",
        "",
        *[f"- {BODY_KIND_LABELS[k]}：{int(v[:2])}月{int(v[3:])}日" for k, v in DEFAULT_DEADLINES.items()],
        "",
        ("县级以上人民政府部门和本级政府报告的期限由《政府信息公开条例》第四十九条规定；"
         "乡镇、街道的期限条例未作规定，按地方规定设置。"),
        "",
        "## 目录",
        "",
        "| 编号 | 严重程度 | 规则 |",
        "|---|---|---|",
    ]
    for r in (*ALL_RULES, *CROSS_RULES):
        out.append(f"| [{r.id}](#{r.id.lower()}) | {SEVERITY_LABELS[r.severity]} | {r.title} |")
    families = list(FAMILIES.items()) + [("across", FAMILY_TITLE)]
    for family, name in families:
        rules = [r for r in (*ALL_RULES, *CROSS_RULES) if r.family == family]
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
            out.append(f"- 依据：{basis(r.id, r.source)}")
        if family == "across":
            out += ["", ACROSS_NOTE]
    return "\n".join(out) + "\n"


def main() -> int:
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
