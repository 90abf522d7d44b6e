"""Chinese words for the codes the readers and rules use internally.

A read error or a parse doubt carries a short code (``pdf_damaged``, ``t3-row-width``,
``not-assessed:META-PERIOD``) for the program and the logs; a person reads the category
named here. Codes that a reader adds later still get a Chinese category (by their
prefix, or a plain 读取存疑), never the code itself.
"""
from __future__ import annotations

READ_ERRORS: dict[str, str] = {
    "not_found": "文件不存在", "is_directory": "不是文件", "permission": "没有读取权限", "io": "读取失败",
    "empty": "空文件", "too_large": "文件过大", "memory": "文件过大", "binary": "不是文字文件",
    "undecodable": "文字编码无法识别", "unsupported": "不支持的文件类型", "not_report": "不是年度报告",
    "internal": "程序内部错误", "crashed": "读取中断",
    "pdf_damaged": "PDF 文件损坏", "pdf_encrypted": "PDF 已加密", "pdf_garbled": "PDF 文字乱码",
    "pdf_no_pages": "PDF 没有页面", "pdf_no_text": "扫描件（没有文字）", "pdf_scanned": "扫描件（没有文字）",
    "docx_damaged": "Word 文件损坏", "docx_not_zip": "Word 文件损坏", "docx_not_word": "不是 Word 文档",
    "docx_bomb": "Word 文件异常", "docx_xml_entities": "Word 文件异常",
    "legacy_no_converter": "旧版 Word 文件无法转换", "legacy_convert_failed": "旧版 Word 文件无法转换",
    "legacy_timeout": "旧版 Word 文件转换超时",
    "html_unreadable": "网页无法读取", "mht_no_html": "网页存档没有正文",
}
_READ_PREFIXES = (("pdf", "PDF 无法读取"), ("docx", "Word 文件无法读取"), ("legacy", "旧版 Word 文件无法读取"),
                  ("html", "网页无法读取"), ("mht", "网页无法读取"))

DOUBTS: dict[str, str] = {
    "config": "设置问题", "internal": "程序内部错误", "workspace": "审核工作区不可用",
    "legacy_converted": "旧版 Word 已转换", "no-org": "未识别发布机关", "no-year": "未识别报告年度",
    "no-table2": "未找到表二", "no-table3": "未找到表三", "no-table4": "未找到表四",
    "pdf_scanned_page": "扫描页（没有文字）", "pdf_table_failed": "PDF 表格读取失败",
    "grid-text-disagree": "表格与文字不一致",
    "t2-width": "表二数字个数不符", "t3-row-width": "表三数字个数不符", "t3-missing-row": "表三缺少行",
    "t3-unlabelled-row": "表三行名缺失", "t3-duplicate-row": "表三行重复", "t3-merged-rows": "表三行粘连",
    "t4-width": "表四数字个数不符", "t4-split": "表四拆分",
}
_DOUBT_PREFIXES = (("t2", "表二读取存疑"), ("t3", "表三读取存疑"), ("t4", "表四读取存疑"), ("pdf", "PDF 读取存疑"),
                   ("docx", "Word 读取存疑"), ("html", "网页读取存疑"), ("no-", "缺少内容"))


def _by_prefix(code: str, prefixes: tuple[tuple[str, str], ...], default: str) -> str:
    low = code.lower()
    return next((words for prefix, words in prefixes if low.startswith(prefix)), default)


def read_error_category(code: str) -> str:
    """Why a file could not be read at all, in a few Chinese words."""
    return READ_ERRORS.get(code) or _by_prefix(code, _READ_PREFIXES, "无法读取")


def doubt_category(code: str, rule_title=None) -> str:
    """The 读取存疑 category of a parse-warning code.

    ``rule_title(rule_id)`` names a rule for the codes that concern one
    (``not-assessed:…``, ``rule-failed:…``); without it the category stays general.
    """
    head, _, rule = code.partition(":")
    if head in ("not-assessed", "rule-failed"):
        title = rule_title(rule) if rule_title and rule else ""
        kind = "无法评估" if head == "not-assessed" else "检查未完成"
        return f"{kind}：{title}" if title else kind
    return DOUBTS.get(code) or _by_prefix(code, _DOUBT_PREFIXES, "读取存疑")
