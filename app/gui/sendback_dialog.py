"""导出整改通知: choose a folder (and whether Word notices are wanted), then write one set per report.

The export itself is ``app.export.sendback`` (no Qt); this is the dialog before it, the
progress while it runs (cancellable), and the Chinese account after it, with a button
that opens the folder.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QProgressDialog, QPushButton, QVBoxLayout,
)

from app.userdirs import home_dir
from app.config import load_config
from app.gui.texts import tr
from app.model import AuditResult

LAST_FOLDER_KEY = "paths/last_sendback"
NOTICES_KEY = "sendback/notices"


def selected_results(window) -> list[AuditResult]:
    """The reports selected in the window's list (the current one when the list allows one)."""
    from app.gui.report_list import RESULT_ROLE

    view = getattr(window, "list_view", None)
    rows = view.selectionModel().selectedRows() if view is not None and view.selectionModel() else []
    results = [ix.siblingAtColumn(0).data(RESULT_ROLE) for ix in rows]
    results = [r for r in results if r is not None]
    if not results and window.current_result() is not None:
        results = [window.current_result()]
    return results


class SendbackDialog(QDialog):
    def __init__(self, parent, results: list[AuditResult], folder: str, notices: bool, office_name: str):
        super().__init__(parent)
        self.setWindowTitle(tr("导出整改通知"))
        self.resize(640, 260)
        readable = sum(1 for r in results if r.ok)
        lay = QVBoxLayout(self)
        text = tr("将为 {n} 份报告各导出一份整改清单（Excel），文件名为“单位_年度_整改清单.xlsx”。").format(n=readable)
        if readable < len(results):
            text += tr("另有 {m} 份无法读取的报告不导出。").format(m=len(results) - readable)
        text += tr("已排除的问题和读取存疑不会发给单位。")
        intro = QLabel(text)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.folder = QLineEdit(folder)
        browse = QPushButton(tr("选择…"))
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(tr("导出到文件夹："), row)
        self.notices = QCheckBox(tr("同时为每份报告生成 Word 整改通知（.docx）"))
        self.notices.setChecked(notices)
        form.addRow("", self.notices)
        lay.addLayout(form)
        if not office_name:
            warn = QLabel(tr("尚未填写审核单位、联系人和电话，导出的文件中这些栏目将为空。"))
            warn.setStyleSheet("color: #9c5700;")
            warn.setWordWrap(True)
            settings = QPushButton(tr("设置…"))
            settings.clicked.connect(self._settings)
            wrow = QHBoxLayout()
            wrow.addWidget(warn, 1)
            wrow.addWidget(settings)
            lay.addLayout(wrow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("导出"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("选择导出文件夹"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _settings(self) -> None:
        from app.gui.settings_dialog import open_settings

        open_settings(self)

    def _accept(self) -> None:
        if not self.folder.text().strip():
            QMessageBox.information(self, tr("导出整改通知"), tr("请选择导出文件夹。"))
            return
        self.accept()


def default_folder(settings) -> str:
    last = str(settings.get(LAST_FOLDER_KEY) or "") if settings is not None else ""
    base = Path(last).parent if last else home_dir()
    return str(base / tr("整改通知_{d}").format(d=date.today().strftime("%Y%m%d")))


def run_export(parent, results: list[AuditResult], folder: str, notices: bool):
    """Write the files with a cancellable progress dialog; the outcome (None when it could not start)."""
    from app.export.atomic import ExportError
    from app.export.sendback import export_units

    progress = QProgressDialog(tr("正在导出整改通知…"), tr("取消"), 0, max(1, len(results)), parent)
    progress.setWindowTitle(tr("导出整改通知"))
    progress.setMinimumDuration(300)

    def step(done: int, total: int) -> bool:
        progress.setMaximum(max(1, total))
        progress.setValue(done)
        return not progress.wasCanceled()

    try:
        return export_units(results, folder, load_config().office, notices=notices, progress=step)
    except ExportError as exc:
        QMessageBox.critical(parent, tr("导出失败"), exc.message)
        return None
    finally:
        progress.close()


def report(parent, outcome) -> None:
    """The Chinese account of an export, with a button that opens the folder."""
    box = QMessageBox(parent)
    box.setWindowTitle(tr("导出整改通知"))
    box.setIcon(QMessageBox.Icon.Warning if outcome.failed else QMessageBox.Icon.Information)
    box.setText(outcome.message())
    details = [tr("{name}：{msg}").format(name=name, msg=msg) for name, msg in outcome.failed]
    details += [tr("{name}：无法读取，未导出").format(name=Path(p).name) for p, _ in outcome.skipped]
    if details:
        box.setDetailedText("\n".join(details))
    open_button = box.addButton(tr("打开文件夹"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("关闭"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(outcome.folder)))


def export_sendback(window, results: list[AuditResult]) -> None:
    """The whole flow from a menu action: dialog, export, account."""
    if not results:
        QMessageBox.information(window, tr("导出整改通知"), tr("还没有打开任何报告。"))
        return
    settings = getattr(window, "settings", None)
    notices = settings.get(NOTICES_KEY) if settings is not None else None
    dlg = SendbackDialog(window, results, default_folder(settings), str(notices).lower() == "true",
                         load_config().office.name)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return
    folder, want = dlg.folder.text().strip(), dlg.notices.isChecked()
    if settings is not None:
        settings.set(LAST_FOLDER_KEY, folder)
        settings.set(NOTICES_KEY, want)
    outcome = run_export(window, results, folder, want)
    if outcome is not None:
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(outcome.message(), 10000)
        report(window, outcome)
