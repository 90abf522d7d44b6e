"""Command-line parsing details: errors in Chinese, and file names that begin with "-".

argparse prints its errors in English and takes every word that begins with "-" for
an option: ``govaudit check -2023年报.pdf`` failed with "unrecognized arguments". Here an
existing file is a file whatever its name, a value after an option that takes one is
that value (``--xlsx -清单.xlsx``), and what argparse still rejects is explained in
Chinese, with the ``--`` way out named.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from typing import NoReturn

_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}。以“-”开头的文件名请放在 -- 之后，例如：check -- -年报.pdf"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (r"argument (\S+): expected one argument", "参数 {0} 需要一个取值"),
    (r"argument (\S+): invalid (\w+) value: (.+)", "参数 {0} 的取值 {2} 无效（应为数字）"),
    (r"argument (\S+): ignored explicit argument (.+)", "参数 {0} 不接受取值 {1}"),
    (r"ambiguous option: (\S+) could match (.+)", "选项 {0} 有歧义，可能是：{1}"),
)


def chinese_error(message: str) -> str:
    for pattern, template in _MESSAGES:
        m = re.fullmatch(pattern, message)
        if m:
            return template.format(*m.groups())
    return f"命令行参数有误：{message}"


class _ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: usage, section titles, -h and errors (sub-commands inherit it)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示此帮助并退出"

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("title", "命令")
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_error(message)}\n")


def _value_options(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """(every option string, the option strings that take a value) of the parser and its sub-commands."""
    every: set[str] = set()
    valued: set[str] = set()
    parsers = [parser]
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            parsers += list(action.choices.values())
    for p in parsers:
        for action in p._actions:
            every.update(action.option_strings)
            if action.option_strings and action.nargs is None and not isinstance(action.const, bool) \
                    and not isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction,
                                                argparse._HelpAction, argparse._VersionAction)):
                valued.update(action.option_strings)
    return every, valued


def protect_dash_names(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """Rewrite ``argv`` so that argparse reads dash-leading names as the names they are.

    Returns the new argv and a map from each stand-in path back to the name as given
    (so that the JSON ``file`` field and every message keep the user's spelling).
    """
    every, valued = _value_options(parser)
    out: list[str] = []
    back: dict[str, str] = {}
    after_dashes = False
    for arg in argv:
        if after_dashes or not arg.startswith("-") or arg == "-" or arg in every or arg.split("=", 1)[0] in every:
            after_dashes = after_dashes or arg == "--"
            out.append(arg)
            continue
        if out and out[-1] in valued:  # "--xlsx -清单.xlsx": the option's value
            out[-1] = f"{out[-1]}={arg}"
            continue
        name = arg.split("=", 1)[0]
        if os.path.exists(arg) or (not arg.startswith("--") and not any(o.startswith(name) for o in every)):
            # An existing file is never an option; nor is a "-word" no option begins with
            # (argparse accepts abbreviations): it is a path, and if it does not exist
            # the user is told so in the usual words. A "--word" stays an option.
            stand_in = os.path.join(".", arg)
            back[stand_in] = arg
            out.append(stand_in)
            continue
        out.append(arg)
    return out, back
