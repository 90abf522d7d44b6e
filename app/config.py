"""Rule settings: which rules are switched off and the publication deadlines.

Read from one small file in the user's config folder (``config.toml`` or
``config.json`` in ``%APPDATA%\\govaudit`` on Windows, ``$XDG_CONFIG_HOME/govaudit``
or ``~/.config/govaudit`` elsewhere). Missing file = the defaults of FORMAT.md.
The file is never written unless ``save_config`` is called on the user's request.
A broken file does not stop an audit: the defaults are used and ``problems`` says why.
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
    source: Path | None = None  # the file read, if any
    problems: list[str] = field(default_factory=list)  # Chinese, why a setting was ignored

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

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
    return cfg


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


def save_config(cfg: RuleConfig, path: str | Path | None = None) -> Path:
    """Write the settings as TOML. Only called when the user asks to save."""
    target = Path(path) if path is not None else config_dir() / "config.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    disabled = ", ".join(json.dumps(r) for r in sorted(cfg.disabled))
    lines = ["[rules]", f"disabled = [{disabled}]", "", "[deadlines]"]
    lines += [f'{k} = "{v}"' for k, v in cfg.deadlines.items()]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
