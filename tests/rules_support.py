"""Helpers for the rule tests: audit fixture files with default settings; a hand-built Report.

The hand-built Report types the 淮安 2024 table values from its truth JSON (a correct
report) so that rule behaviour can be tested independently of the reader.
"""
from __future__ import annotations

import json
from pathlib import Path

from app.audit import audit_file
from app.config import RuleConfig
from app.model import (
    AuditResult,
    Report,
    Section,
    Section2,
    Table3,
    Table4,
    TableRow,
    Value,
)
from app.template import SECTION_TITLES, section2_spec, t3_keys

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
SAMPLES = FIXTURES / "samples"


def audit(path: Path | str, config: RuleConfig | None = None) -> AuditResult:
    result = audit_file(str(path), config or RuleConfig())
    assert result.ok, result.error
    return result


def rule_fixture(name: str) -> Path:
    return RULE_FIXTURES / name


def by_rule(result, rule_id: str) -> list:
    return [f for f in result.findings if f.rule == rule_id]


def _vals(values) -> list[Value]:
    return [Value(v, raw="" if v is None else str(v)) for v in values]


BODIES = {
    1: "本年度主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作有序开展。",
    5: "存在的问题：政策解读形式单一。改进措施：加强培训。上一年度问题均已整改。",
    6: "本年度收取信息处理费0元。",
}


def report_from_truth(stem: str, bodies: dict[int, str] | None = None) -> Report:
    """A Report built from a sample's truth JSON: tables, year, org, six plain sections."""
    t = json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    parts, sections, pos = [], [], 0
    for n in range(1, 7):
        head = f"{'一二三四五六'[n - 1]}、{SECTION_TITLES[n]}\n"
        body = {**BODIES, **(bodies or {})}.get(n, "情况见下表。") + "\n"
        sections.append(Section(n, SECTION_TITLES[n], pos, pos + len(head) + len(body), (pos, pos + len(head) - 1)))
        parts.append(head + body)
        pos += len(head) + len(body)
    text = "".join(parts)
    s2 = t["section2"]
    layout2 = s2.get("layout", "2021")
    rows2 = {}
    for key in section2_spec(layout2):
        v = s2.get(key)
        if v is None:
            continue
        rows2[key] = TableRow(key, section2_spec(layout2)[key][0], None, _vals(v if isinstance(v, list) else [v]))
    t3 = t["table3"]
    layout3 = "2019" if "other" in t3["rows"] else "2021"
    rows3 = {k: TableRow(k, k, None, _vals(t3["rows"][k])) for k in t3_keys(layout3) if k in t3["rows"]}
    return Report(text=text, org=t["org"], year=t["year"], template=t["template"], sections=sections,
                  section2=Section2(layout2, rows2), table3=Table3(layout3, rows3),
                  table4=Table4(_vals(t["table4"])))
