"""What a rule is, and the context it runs in.

Modelled on sqlfluff/pylint: one small class per rule, a stable id, a family, a
severity, a Chinese title, a doc paragraph naming its source and an example. The
catalogue (``app.rules.catalogue``) lists them; ``docs/rules.md`` is generated from it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from app.config import RuleConfig
from app.model import CellRef, Finding, ParseWarning, Report, Severity, Span

FAMILIES: dict[str, str] = {
    "table3": "表三（收到和处理政府信息公开申请情况）",
    "table4": "表四（行政复议、行政诉讼）",
    "section2": "表二（主动公开政府信息情况）",
    "template": "模板与标签",
    "structure": "章节结构与内容",
    "metadata": "年度、统计期限与发布日期",
    "narrative": "正文与表格一致性",
}


@dataclass
class Context:
    """Per-run state shared by the rules of one report (no global state)."""

    report: Report
    config: RuleConfig
    warnings: list[ParseWarning] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)

    def not_assessed(self, rule: Rule, reason: str, span: Span | None = None, location: str = "") -> None:
        """Record that ``rule`` could not judge the report (unknown inputs) — a doubt, not a mistake."""
        self.warnings.append(ParseWarning(
            code=f"not-assessed:{rule.id}",
            message=f"无法评估“{rule.title}”（{rule.id}）：{reason}",
            span=span, location=location))

    def enabled(self, rule_id: str) -> bool:
        return self.config.enabled(rule_id)


class Rule:
    """One check. Subclasses set the class attributes and implement ``run``."""

    id: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity]
    title: ClassVar[str]
    doc: ClassVar[str]  # one paragraph: what and why
    source: ClassVar[str]  # FORMAT.md section / 条例 article
    example: ClassVar[str]  # a message as the auditor sees it
    # Report text that passes (good) and text that the rule reports (bad), read against ``tables``
    # (the table figures the examples assume); tests run both through the rule.
    good: ClassVar[str] = ""
    bad: ClassVar[str] = ""
    tables: ClassVar[str] = ""

    def run(self, report: Report, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, message: str, suggestion: str, *, severity: Severity | None = None,
                cells: list[CellRef] | None = None, span: Span | None = None, location: str = "",
                current: str | None = None, expected: str | None = None,
                section: int | None = None) -> Finding:
        return Finding(rule=self.id, severity=severity or self.severity, message=message,
                       suggestion=suggestion, cells=list(cells or []), span=span, title=self.title,
                       location=location, current=current, expected=expected, section=section)


def fmt_num(value: float | None) -> str:
    """A number as printed in messages: integers without ".0"."""
    if value is None:
        return "（空）"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def join_sum(values: Iterable[float | int | None]) -> str:
    return "+".join(fmt_num(v) for v in values)


def iter_rules(rules: Iterable[type[Rule]]) -> Iterator[Rule]:
    for cls in rules:
        yield cls()
