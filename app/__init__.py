"""年报审核助手 (GovReport Auditor): offline checks of 政府信息公开工作年度报告."""

__version__ = "0.1.0"
APP_NAME = "年报审核助手"
