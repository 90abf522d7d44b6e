"""Entry point of the frozen (PyInstaller) build, shared by both executables.

The bundle holds two executables built from this one script:

* ``年报审核助手.exe`` (windowed): ``check ...`` goes to the command line, anything else
  opens the window. A windowed Windows exe has no console, so its output goes to the log.
* ``govaudit.exe`` (console): always the command line, so ``govaudit check ... --format
  json`` prints to the terminal and ``govaudit --help`` works.

``multiprocessing.freeze_support()`` comes first: a worker process started by the GUI
re-runs this executable and must be diverted into multiprocessing before anything else.
"""
from __future__ import annotations

import multiprocessing
import os
import sys

CLI_EXECUTABLE = "govaudit"
CLI_COMMANDS = ("check",)


def wants_cli(executable: str, argv: list[str]) -> bool:
    """True for the console executable, or when the first argument is a CLI subcommand."""
    name = executable.replace("\\", "/").rsplit("/", 1)[-1]
    stem = os.path.splitext(name)[0].lower()
    return stem == CLI_EXECUTABLE or (len(argv) > 1 and argv[1] in CLI_COMMANDS)


def main() -> int:
    from app.logsetup import setup_logging

    setup_logging()
    if wants_cli(sys.executable, sys.argv):
        from app.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from app.gui.main import main as gui_main

    return gui_main() or 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
