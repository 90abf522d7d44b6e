"""Remembered state (window geometry, splitters, recent files) as one defaults table over QSettings.

The QSettings object is passed in, so tests use a throw-away INI file and never touch
the user's real settings.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from app import APP_NAME

ORGANIZATION = "GovAudit"
MAX_RECENT = 10

DEFAULTS: dict[str, object] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "recent/paths": [],
    "paths/last_dir": "",
    "paths/last_export": "",
    "workspace/path": "",  # the audit database ("" = the default place in the user's data folder)
}


def default_qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings if qsettings is not None else default_qsettings()

    def get(self, key: str):
        value = self.q.value(key, DEFAULTS.get(key))
        default = DEFAULTS.get(key)
        if isinstance(default, list):
            if value is None or value == "":
                return []
            return [value] if isinstance(value, str) else list(value)
        return value

    def set(self, key: str, value) -> None:
        self.q.setValue(key, value)

    def recent(self) -> list[str]:
        return [str(p) for p in self.get("recent/paths")]

    def add_recent(self, paths: list[str]) -> list[str]:
        """Newest first, no duplicates, capped at ``MAX_RECENT``."""
        items = self.recent()
        for p in reversed(paths):
            if p in items:
                items.remove(p)
            items.insert(0, p)
        items = items[:MAX_RECENT]
        self.set("recent/paths", items)
        return items

    def clear_recent(self) -> None:
        self.set("recent/paths", [])

    def sync(self) -> None:
        self.q.sync()
