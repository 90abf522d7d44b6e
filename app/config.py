"""The user's settings: rules (on/off, severity), publication deadlines, the office, the workspace.

Read from one small file in the user's config folder (``config.toml`` or
``config.json`` in ``%APPDATA%\\govaudit`` on Windows, ``$XDG_CONFIG_HOME/govaudit``
or ``~/.config/govaudit`` elsewhere). Missing file = the defaults of FORMAT.md.
The file is never written unless ``save_config`` is called on the user's request (the
window's 设置 dialog; nobody has to edit it by hand). A broken file does not stop an
audit: the defaults are used and ``problems`` says why.
"""
from __future__ import annotations

import json
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from app.userdirs import home_dir

# Deadlines as "MM-DD" of the year after the report year (条例 art. 49; FORMAT.md §8.3 M-05).
DEFAULT_DEADLINES: dict[str, str] = {
    "department": "01-31",  # 县级以上人民政府部门
    "government": "03-31",  # 本级政府的年度报告
    "township": "03-31",  # 乡镇、街道：条例未规定，按地方规定设置
}
BODY_KIND_LABELS = {"department": "政府部门", "government": "人民政府（本级政府报告）", "township": "乡镇/街道"}
CONFIG_NAMES = ("config.toml", "config.json")
SEVERITY_NAMES = ("error", "warning", "info")
#: Days a unit is given to correct its report when the auditor set no other deadline.
DEFAULT_FIX_DAYS = 15
MAX_FIX_DAYS = 365


@dataclass
class Office:
    """Who audits: printed on every checklist and notice that leaves the office."""

    name: str = ""  # 审核单位
    contact: str = ""  # 联系人
    phone: str = ""  # 联系电话
    fix_days: int = DEFAULT_FIX_DAYS  # 默认整改期限（天）
    template: str = ""  # the Word notice template; "" = the one shipped in resources/


def config_dir() -> Path:
    """The per-user settings folder (not created here)."""
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(home_dir() / "AppData" / "Roaming")
        return Path(base) / "govaudit"
    xdg = os.environ.get("XDG_CONFIG_HOME")
    return (Path(xdg) if xdg else home_dir() / ".config") / "govaudit"


@dataclass
class RuleConfig:
    """What the rule engine may be told by the user."""

    disabled: frozenset[str] = frozenset()
    deadlines: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    severities: dict[str, str] = field(default_factory=dict)  # rule id -> severity chosen by the user
    office: Office = field(default_factory=Office)
    workspace: str = ""  # where the workspace database lives; "" = the default place
    source: Path | None = None  # the file read, if any
    problems: list[str] = field(default_factory=list)  # Chinese, why a setting was ignored
    # The [across] table as written (thresholds of the cross-report checks, read by app.across.settings).
    across: dict = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def severity(self, rule_id: str) -> str | None:
        """The severity the user chose for ``rule_id`` (None: the rule's own)."""
        return self.severities.get(rule_id)

    def deadline(self, kind: str) -> tuple[int, int]:
        """(month, day) of the deadline for an issuing-body kind."""
        text = self.deadlines.get(kind) or DEFAULT_DEADLINES.get(kind, "03-31")
        month, day = _parse_mmdd(text) or _parse_mmdd(DEFAULT_DEADLINES.get(kind, "03-31"))
        return month, day


def _parse_mmdd(text: str) -> tuple[int, int] | None:
    try:
        m, d = (int(p) for p in str(text).strip().split("-"))
    except ValueError:
        return None
    if 1 <= m <= 12 and 1 <= d <= 31:
        return m, d
    return None


def _from_mapping(data: dict, source: Path | None) -> RuleConfig:
    cfg = RuleConfig(source=source)
    rules = data.get("rules", {}) if isinstance(data.get("rules", {}), dict) else {}
    disabled = rules.get("disabled", data.get("disabled", []))
    if isinstance(disabled, list) and all(isinstance(x, str) for x in disabled):
        cfg.disabled = frozenset(x.strip().upper() for x in disabled)
    else:
        cfg.problems.append("设置项 disabled 应为规则编号列表，已忽略。")
    deadlines = data.get("deadlines", {})
    if isinstance(deadlines, dict):
        for kind, value in deadlines.items():
            if kind not in DEFAULT_DEADLINES:
                cfg.problems.append(f"未知的期限类别“{kind}”，已忽略。")
            elif _parse_mmdd(str(value)) is None:
                cfg.problems.append(f"期限“{kind} = {value}”格式应为“月-日”（如 01-31），已使用默认值。")
            else:
                cfg.deadlines[kind] = str(value)
    else:
        cfg.problems.append("设置项 deadlines 应为表，已忽略。")
    severities = rules.get("severity", {})
    if isinstance(severities, dict):
        for rule_id, sev in severities.items():
            if sev in SEVERITY_NAMES:
                cfg.severities[str(rule_id).strip().upper()] = sev
            else:
                cfg.problems.append(f"规则 {rule_id} 的严重程度“{sev}”无法识别，已使用默认值。")
    else:
        cfg.problems.append("规则严重程度的设置格式不对，已忽略。")
    cfg.office = _office(data.get("office", {}), cfg.problems)
    workspace = data.get("workspace", {})
    if isinstance(workspace, dict) and isinstance(workspace.get("path", ""), str):
        cfg.workspace = workspace.get("path", "").strip()
    else:
        cfg.problems.append("审核工作区位置的设置格式不对，已使用默认位置。")
    across = data.get("across", {})
    if isinstance(across, dict):
        cfg.across = dict(across)
    else:
        cfg.problems.append("设置项 across 应为表，已忽略。")
    return cfg


def _office(data, problems: list[str]) -> Office:
    office = Office()
    if not isinstance(data, dict):
        problems.append("审核单位信息的设置格式不对，已忽略。")
        return office
    for key in ("name", "contact", "phone", "template"):
        value = data.get(key, "")
        if isinstance(value, str):
            setattr(office, key, value.strip())
    days = data.get("fix_days", DEFAULT_FIX_DAYS)
    if isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MAX_FIX_DAYS:
        office.fix_days = days
    else:
        problems.append(f"默认整改期限“{days}”应为 1 至 {MAX_FIX_DAYS} 天，已使用 {DEFAULT_FIX_DAYS} 天。")
    return office


def load_config(path: str | Path | None = None) -> RuleConfig:
    """Read the settings file (``path`` overrides the user folder, for tests)."""
    candidates = [Path(path)] if path is not None else [config_dir() / n for n in CONFIG_NAMES]
    for p in candidates:
        if not p.is_file():
            continue
        try:
            raw = p.read_bytes()
            data = json.loads(raw.decode("utf-8-sig")) if p.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return RuleConfig(source=p, problems=[f"设置文件 {p} 无法读取（{type(exc).__name__}），已使用默认设置。"])
        if not isinstance(data, dict):
            return RuleConfig(source=p, problems=[f"设置文件 {p} 内容不是键值表，已使用默认设置。"])
        return _from_mapping(data, p)
    return RuleConfig()


def _toml_string(text: str) -> str:
    # A JSON string literal is a valid TOML basic string (same escapes, UTF-8 kept).
    return json.dumps(text, ensure_ascii=False)


def render_config(cfg: RuleConfig) -> str:
    """The settings as TOML text (what ``save_config`` writes)."""
    disabled = ", ".join(_toml_string(r) for r in sorted(cfg.disabled))
    lines = ["[rules]", f"disabled = [{disabled}]", "", "[rules.severity]"]
    lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in sorted(cfg.severities.items())
              if v in SEVERITY_NAMES]
    lines += ["", "[deadlines]"]
    lines += [f'{k} = "{v}"' for k, v in cfg.deadlines.items()]
    o = cfg.office
    lines += ["", "[office]", f"name = {_toml_string(o.name)}", f"contact = {_toml_string(o.contact)}",
              f"phone = {_toml_string(o.phone)}", f"fix_days = {int(o.fix_days)}",
              f"template = {_toml_string(o.template)}"]
    lines += ["", "[workspace]", f"path = {_toml_string(cfg.workspace)}"]
    if cfg.across:  # the cross-report thresholds, kept as written (app.across.settings checks the values)
        lines += ["", "[across]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in cfg.across.items()]
    return "\n".join(lines) + "\n"


def save_config(cfg: RuleConfig, path: str | Path | None = None) -> Path:
    """Write the settings as TOML (all-or-nothing). Only called when the user asks to save."""
    target = Path(path) if path is not None else config_dir() / "config.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(render_config(cfg), encoding="utf-8")
    os.replace(tmp, target)
    return target
