"""设置 (Ctrl+,): the office, the publication deadlines, the rules, where the workspace lives.

Everything is kept in the one settings file the command line reads too
(``app.config``): the dialog reads it, shows it, and writes it back as a whole when the
auditor presses 确定 — nobody has to edit the file by hand. A file with settings the
program could not understand is shown with the defaults in their place and says so.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.config import (
    BODY_KIND_LABELS, DEFAULT_DEADLINES, DEFAULT_FIX_DAYS, MAX_FIX_DAYS, Office, RuleConfig, config_dir, load_config,
    save_config,
)
from app.gui.texts import tr
from app.model import SEVERITY_LABELS
from app.rules.catalogue import ALL_RULES

#: The severity choices of a rule: its own, or one the auditor sets.
SEVERITY_CHOICES = ("", "error", "warning", "info")
DEADLINE_YEAR = 2001  # any year without 29 February: only month and day are shown


def settings_path(config: RuleConfig) -> Path:
    """Where 确定 writes: the TOML file read, else the user's config folder."""
    if config.source is not None and config.source.suffix.lower() == ".toml":
        return config.source
    return config_dir() / "config.toml"


class SettingsDialog(QDialog):
    """Shows ``config`` and, on 确定, writes the changed settings to ``path``."""

    def __init__(self, parent=None, path: str | Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("设置"))
        self.resize(820, 620)
        self.config = load_config(path)
        self.path = Path(path) if path is not None else settings_path(self.config)
        self.saved: RuleConfig | None = None
        tabs = QTabWidget()
        tabs.addTab(self._office_tab(), tr("审核单位"))
        tabs.addTab(self._deadline_tab(), tr("公布期限"))
        tabs.addTab(self._rules_tab(), tr("审核规则"))
        tabs.addTab(self._workspace_tab(), tr("审核工作区"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        if self.config.problems:
            warn = QLabel(tr("设置文件中有无法识别的内容，已按默认值显示，按“确定”后改正：") + "\n"
                          + "\n".join(self.config.problems))
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #9c5700;")
            lay.addWidget(warn)
        lay.addWidget(tabs)
        note = QLabel(tr("规则和期限的更改对之后读取或重新检查（F5）的报告生效；审核单位信息印在导出的整改清单和整改通知上。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        lay.addWidget(note)
        lay.addWidget(buttons)

    # ------------------------------------------------------------------ tabs

    def _office_tab(self) -> QWidget:
        o = self.config.office
        page = QWidget()
        form = QFormLayout(page)
        self.office_name = QLineEdit(o.name)
        self.office_name.setPlaceholderText(tr("例如：某某县人民政府办公室"))
        self.office_contact = QLineEdit(o.contact)
        self.office_phone = QLineEdit(o.phone)
        self.fix_days = QSpinBox()
        self.fix_days.setRange(1, MAX_FIX_DAYS)
        self.fix_days.setValue(o.fix_days)
        self.fix_days.setSuffix(tr(" 天"))
        self.template = QLineEdit(o.template)
        self.template.setPlaceholderText(tr("（使用随附模板）"))
        browse = QPushButton(tr("选择…"))
        browse.clicked.connect(self._choose_template)
        default = QPushButton(tr("使用随附模板"))
        default.clicked.connect(self.template.clear)
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(browse)
        row.addWidget(default)
        form.addRow(tr("审核单位："), self.office_name)
        form.addRow(tr("联系人："), self.office_contact)
        form.addRow(tr("联系电话："), self.office_phone)
        form.addRow(tr("默认整改期限："), self.fix_days)
        form.addRow(tr("整改通知模板："), row)
        hint = QLabel(tr("整改通知模板是一份 Word 文档，可换成本单位带红头的文档；其中 {{单位}}、{{问题清单}} 等"
                         "占位符由程序填写（说明见使用手册）。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        form.addRow(hint)
        return page

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择整改通知模板"), self.template.text(),
                                              tr("Word 文档 (*.docx)"))
        if path:
            self.template.setText(path)

    def _deadline_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.deadlines: dict[str, QDateEdit] = {}
        for kind, label in BODY_KIND_LABELS.items():
            month, day = self.config.deadline(kind)
            edit = QDateEdit(QDate(DEADLINE_YEAR, month, day))
            edit.setDisplayFormat(tr("M月d日"))
            edit.setMinimumDate(QDate(DEADLINE_YEAR, 1, 1))
            edit.setMaximumDate(QDate(DEADLINE_YEAR, 12, 31))
            self.deadlines[kind] = edit
            form.addRow(tr("{label}：报告年度次年").format(label=label), edit)
        hint = QLabel(tr("《政府信息公开条例》第四十九条：县级以上人民政府部门在每年1月31日前、县级以上地方人民政府"
                         "在每年3月31日前公布上一年度报告；乡镇、街道的期限按地方规定。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        form.addRow(hint)
        reset = QPushButton(tr("恢复默认期限"))
        reset.clicked.connect(self._reset_deadlines)
        form.addRow(reset)
        return page

    def _reset_deadlines(self) -> None:
        for kind, edit in self.deadlines.items():
            m, d = (int(x) for x in DEFAULT_DEADLINES[kind].split("-"))
            edit.setDate(QDate(DEADLINE_YEAR, m, d))

    def _rules_tab(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.rule_filter = QLineEdit()
        self.rule_filter.setPlaceholderText(tr("按名称或编号筛选"))
        self.rule_filter.setClearButtonEnabled(True)
        self.rule_filter.textChanged.connect(self._filter_rules)
        table = QTableWidget(len(ALL_RULES), 3)
        table.setHorizontalHeaderLabels([tr("规则"), tr("编号"), tr("严重程度")])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hh = table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.rule_boxes: dict[str, QCheckBox] = {}
        self.rule_severity: dict[str, QComboBox] = {}
        for row, rule in enumerate(ALL_RULES):
            box = QCheckBox(rule.title)
            box.setChecked(self.config.enabled(rule.id))
            box.setToolTip(rule.doc)
            table.setCellWidget(row, 0, box)
            item = QTableWidgetItem(rule.id)
            item.setForeground(Qt.GlobalColor.darkGray)
            table.setItem(row, 1, item)
            combo = QComboBox()
            for sev in SEVERITY_CHOICES:
                text = (tr("默认（{s}）").format(s=SEVERITY_LABELS[rule.severity]) if not sev
                        else SEVERITY_LABELS[sev])
                combo.addItem(text, sev)
            combo.setCurrentIndex(SEVERITY_CHOICES.index(self.config.severity(rule.id) or ""))
            table.setCellWidget(row, 2, combo)
            self.rule_boxes[rule.id] = box
            self.rule_severity[rule.id] = combo
        self.rule_table = table
        buttons = QHBoxLayout()
        for text, on in ((tr("全部启用"), True), (tr("全部停用"), False)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, on=on: [box.setChecked(on) for box in self.rule_boxes.values()])
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addWidget(self.rule_filter)
        lay.addWidget(table, 1)
        lay.addLayout(buttons)
        return page

    def _filter_rules(self, text: str) -> None:
        text = text.strip().lower()
        for row, rule in enumerate(ALL_RULES):
            hit = not text or text in rule.title.lower() or text in rule.id.lower()
            self.rule_table.setRowHidden(row, not hit)

    def _workspace_tab(self) -> QWidget:
        from app.workspace.location import default_path

        page = QWidget()
        form = QFormLayout(page)
        self.workspace = QLineEdit(self.config.workspace)
        self.workspace.setPlaceholderText(str(default_path()))
        browse = QPushButton(tr("选择文件夹…"))
        browse.clicked.connect(self._choose_workspace)
        reset = QPushButton(tr("使用默认位置"))
        reset.clicked.connect(self.workspace.clear)
        row = QHBoxLayout()
        row.addWidget(self.workspace, 1)
        row.addWidget(browse)
        row.addWidget(reset)
        form.addRow(tr("审核工作区位置："), row)
        hint = QLabel(tr("审核工作区保存读取结果和全部审核决定（确认、排除及理由、人工添加的问题、单元格更正）。"
                         "放在共享文件夹中可供同事接手；更改位置后，下次启动时生效，原位置的数据不会被移动或删除。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        form.addRow(hint)
        return page

    def _choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("选择审核工作区所在文件夹"), self.workspace.text())
        if folder:
            self.workspace.setText(folder)

    # ------------------------------------------------------------------ result

    def result_config(self) -> RuleConfig:
        """The settings as the dialog shows them now."""
        deadlines = {kind: edit.date().toString("MM-dd") for kind, edit in self.deadlines.items()}
        severities = {rid: combo.currentData() for rid, combo in self.rule_severity.items() if combo.currentData()}
        disabled = frozenset(rid for rid, box in self.rule_boxes.items() if not box.isChecked())
        office = Office(name=self.office_name.text().strip(), contact=self.office_contact.text().strip(),
                        phone=self.office_phone.text().strip(), fix_days=self.fix_days.value() or DEFAULT_FIX_DAYS,
                        template=self.template.text().strip())
        # Rules the program does not know (a newer version's) keep their setting.
        known = {r.id for r in ALL_RULES}
        disabled |= frozenset(r for r in self.config.disabled if r not in known)
        severities |= {r: s for r, s in self.config.severities.items() if r not in known}
        return RuleConfig(disabled=disabled, deadlines=deadlines, severities=severities, office=office,
                          across=dict(self.config.across),
                          workspace=self.workspace.text().strip())

    def accept(self) -> None:
        template = self.template.text().strip()
        if template and not Path(template).is_file():
            QMessageBox.warning(self, tr("设置"), tr("找不到整改通知模板：{path}").format(path=template))
            return
        cfg = self.result_config()
        try:
            save_config(cfg, self.path)
        except OSError as exc:
            QMessageBox.critical(self, tr("设置"), tr("无法保存设置到 {path}：{err}").format(
                path=self.path, err=exc.strerror or tr("没有写入权限")))
            return
        self.saved = cfg
        super().accept()


def open_settings(parent=None, path: str | Path | None = None) -> RuleConfig | None:
    """Show the dialog; the settings saved, or None when cancelled."""
    dlg = SettingsDialog(parent, path)
    dlg.exec()
    return dlg.saved
