"""Help menu: the rule reference from the registry, and Qt's own buttons in Chinese."""
from __future__ import annotations

from app.rules.catalogue import ALL_RULES


def test_qt_standard_buttons_are_chinese(qapp) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from app.gui.main import make_app

    assert make_app([]) is qapp  # the application start installs Qt's zh_CN translations

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["关闭", "取消"])


def test_rules_dialog_lists_every_rule(window, qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser

    seen: dict[str, str] = {}

    def grab() -> None:
        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        seen["title"] = dlg.windowTitle()
        seen["text"] = dlg.findChild(QTextBrowser).toPlainText()
        dlg.reject()

    QTimer.singleShot(200, grab)
    window.act_rules.trigger()
    assert seen["title"] == "审核规则说明"
    for rule in ALL_RULES:
        assert rule.id in seen["text"]
