"""An argparse parser that speaks Chinese: usage, section titles, help, defaults, errors.

argparse writes its own words in English ("usage:", "options", "the following
arguments are required …"). This parser replaces each of them — the titles and the help
option by its own, the error messages by translating the few forms argparse uses — so
that everything the command line says to a person is Chinese. It changes nothing
global: it is a subclass, and subcommands get the same class.
"""
from __future__ import annotations

import argparse
import re
import sys

USAGE_PREFIX = "用法："

_ERRORS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^argument (\S+?)(?:/\S+)?: ", r"参数 \1："),
    (r"the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
    (r"invalid choice: '(.*?)' \(choose from (.*)\)$", r"无效的取值“\1”（可选：\2）"),
    (r"expected one argument$", "需要一个值"),
    (r"expected at most one argument$", "最多只能给一个值"),
    (r"expected at least one argument$", "至少需要一个值"),
    (r"expected (\d+) arguments?$", r"需要 \1 个值"),
    (r"ambiguous option: (\S+) could match (.*)$", r"选项 \1 不明确，可能是：\2"),
    (r"invalid \w+ value: '(.*)'$", r"“\1”不是有效的值"),
    (r"not allowed with argument (.*)$", r"不能与参数 \1 同时使用"),
    (r"one of the arguments (.*) is required$", r"必须给出以下参数之一：\1"),
    (r"ignored explicit argument '(.*)'$", r"此选项不接受取值“\1”"),
))
_CJK = re.compile(r"[\u4e00-\u9fff]")


def translate(message: str) -> str:
    """An argparse error message in Chinese (messages already in Chinese pass through)."""
    out = message
    for pattern, repl in _ERRORS:
        out = pattern.sub(repl, out)
    out = out.replace("'", "")
    if not _CJK.search(out):
        return f"命令行参数有误：{out}"
    return out


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Chinese usage prefix; the default of every option that has one is shown."""

    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" is argparse building a subcommand's name: leave that alone.
        return super().add_usage(usage, actions, groups, prefix=USAGE_PREFIX if prefix is None else prefix)

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if ("%(default)" not in text and action.option_strings and default not in (None, argparse.SUPPRESS)
                and not isinstance(default, bool)):
            text += "（默认：%(default)s）"
        return text


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")
