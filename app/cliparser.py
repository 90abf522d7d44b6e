"""An argparse parser that speaks Chinese: usage, section titles, help, defaults, errors.

argparse writes its own words in English ("usage:", "options", "the following
arguments are required …"). This parser replaces each of them — the titles and the help
option by its own, the error messages by translating the few forms argparse uses — so
that everything the command line says to a person is Chinese. It changes nothing
global: it is a subclass, and subcommands get the same class.

argparse also takes every word that begins with "-" for an option: ``govaudit check
-2023年报.pdf`` failed with "unrecognized arguments". ``protect_dash_names`` makes an
existing file a file whatever its name, and a value after an option that takes one that
value (``--xlsx -清单.xlsx``); what argparse still rejects is explained, with ``--`` named.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

USAGE_PREFIX = "用法："

_ERRORS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^argument (\S+?)(?:/\S+)?: ", r"参数 \1："),
    (r"the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)$", r"无法识别的参数：\1。以“-”开头的文件名请放在 -- 之后，例如：check -- -年报.pdf"),
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
