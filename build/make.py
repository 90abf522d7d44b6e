"""Build the one-folder bundle (and optionally the installer and the portable zip).

    python build/make.py                      # bundle -> dist/年报审核助手, prints size + start-up time
    python build/make.py --zip --installer    # + dist/GovAudit-<ver>-portable-<plat>.zip, -setup.exe
    python build/make.py --no-build --zip     # package an existing bundle
    python build/make.py --dist dist/windows --work .pyinstaller/windows   # other folders

Works on Windows and Linux. PyInstaller's work folder goes to .pyinstaller/work and the
bundle to dist/ (both git-ignored): PyInstaller's default work path is ./build, which
would mix its scratch files with this folder's sources.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "govaudit.spec"
WORK = ROOT / ".pyinstaller" / "work"
DIST = ROOT / "dist"
NSI = ROOT / "installer" / "govaudit.nsi"
GUI_NAME = "年报审核助手"
CLI_NAME = "govaudit"
SIZE_BUDGET_MB = 200  # issue 16: with the OCR runtime and models (installer/README.md)
START_BUDGET_S = 2.0
DEFAULT_TIMESTAMP_URL = "http://timestamp.digicert.com"
IS_WINDOWS = sys.platform.startswith("win")
EXE = ".exe" if IS_WINDOWS else ""


def app_version() -> str:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    return __version__


def bundle_dir() -> Path:
    return DIST / GUI_NAME


def platform_tag() -> str:
    if IS_WINDOWS:
        return "win-x64" if platform.machine().endswith("64") else "win-x86"
    return f"{sys.platform}-{platform.machine()}"


def run_pyinstaller(clean: bool) -> None:
    # the OCR models are data files of app/ (app/ingest/ocr_models/): fetched and checked first
    subprocess.run([sys.executable, str(ROOT / "scripts" / "ocr_models.py")], cwd=ROOT, check=True)
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
           "--workpath", str(WORK), "--distpath", str(DIST)]
    if clean:
        cmd.append("--clean")
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def bundle_size(folder: Path) -> tuple[int, int, list[tuple[int, str]]]:
    """Total bytes and file count of the bundle as unpacked on disk, plus the largest files."""
    total, count, files = 0, 0, []
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            p = Path(dirpath, name)
            size = p.lstat().st_size
            total += size
            count += 1
            files.append((size, str(p.relative_to(folder))))
    files.sort(reverse=True)
    return total, count, files[:8]


def child_env(data_dir: str) -> dict[str, str]:
    """Environment for timing runs: logs in a scratch folder, Qt offscreen when there is no display."""
    env = dict(os.environ, XDG_DATA_HOME=data_dir)
    if IS_WINDOWS:
        env["LOCALAPPDATA"] = data_dir
    elif not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


class FrozenRunFailed(Exception):
    """A frozen executable exited with a code that means failure for that command."""


def time_run(cmd: list[str], env: dict[str, str], runs: int,
             ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, list[str]]:
    """(first run, median of the rest) wall time in seconds and each run's stdout.

    Raises FrozenRunFailed when an exit code is not in ``ok_codes``: for ``check`` 1 is a
    normal result (the report has error findings), for ``--smoke-test`` only 0 is.
    """
    times, outputs = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
        times.append(time.perf_counter() - t0)
        out = proc.stdout.decode("utf-8", "replace")
        outputs.append(out)
        if proc.returncode not in ok_codes:
            raise FrozenRunFailed(f"{cmd} exited {proc.returncode}:\n{out}"
                                  f"{proc.stderr.decode('utf-8', 'replace')}")
    rest = times[1:] or times
    return times[0], statistics.median(rest), outputs


def window_shown_seconds(text: str) -> list[float]:
    """The smoke test's own "window shown in X s" figures (stdout, or the log of a windowed exe)."""
    return [float(x) for x in re.findall(r"window shown in ([0-9.]+)s", text)]


def gui_available() -> bool:
    return (ROOT / "app" / "gui" / "main.py").exists()


# System libraries whose Windows counterparts (libcrypto-3.dll, libffi-8.dll, the VC runtime, ...)
# are bundled on Windows too: not counted as Linux-only.
ALSO_ON_WINDOWS = ("libpython", "libcrypto", "libssl", "libffi", "libbz2", "liblzma", "libz.",
                   "libexpat", "libstdc++", "libgcc_s")


def linux_only_bytes(folder: Path) -> int:
    """Bytes of ICU data and system libraries that a Linux bundle carries and a Windows one does not.

    Qt on Windows uses the system's ICU and the Win32 API instead of X11/glib/dbus/fontconfig,
    so these have no counterpart in the Windows bundle; the figure lets the Linux CI number be
    read against the Windows budget.
    """
    total = 0
    for p in (folder / "_internal").iterdir():
        if (p.is_file() and not p.is_symlink() and p.name.startswith("lib") and ".so" in p.name
                and not p.name.startswith(ALSO_ON_WINDOWS)):
            total += p.stat().st_size
    for p in (folder / "_internal" / "PySide6" / "Qt" / "lib").glob("libicu*"):
        if not p.is_symlink():
            total += p.stat().st_size
    return total


def report(folder: Path, runs: int) -> dict[str, bool]:
    """Print size and start-up times; return which budgets were met."""
    met = {}
    total, count, largest = bundle_size(folder)
    mb = total / 1024 / 1024
    print(f"\n== 包大小 bundle size: {mb:.1f} MB unpacked, {count} files  (budget {SIZE_BUDGET_MB} MB)")
    for size, name in largest:
        print(f"   {size / 1024 / 1024:6.1f} MB  {name}")
    if not IS_WINDOWS:
        extra = linux_only_bytes(folder) / 1024 / 1024
        print(f"   of which {extra:.1f} MB are Linux-only (ICU data, system libraries); "
              f"without them {mb - extra:.1f} MB")
    met["size"] = mb <= SIZE_BUDGET_MB
    if not met["size"]:
        print(f"!! bundle exceeds the {SIZE_BUDGET_MB} MB budget")
    sample = sorted((folder / "_internal" / "resources" / "samples").glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="govaudit-time-") as data:
        env = child_env(data)
        cli = str(folder / f"{CLI_NAME}{EXE}")
        gui = str(folder / f"{GUI_NAME}{EXE}")
        first, med, _ = time_run([cli, "--version"], env, runs)
        print(f"== 启动时间 frozen start (CLI --version): first {first:.2f} s, median {med:.2f} s")
        if sample:
            first, med, _ = time_run([cli, "check", str(sample[0]), "--format", "json"], env, runs,
                                     ok_codes=(0, 1))
            print(f"== frozen `check` one sample: first {first:.2f} s, median {med:.2f} s")
        if gui_available():
            first, med, outs = time_run([gui, "--smoke-test"], env, runs, ok_codes=(0,))
            log = Path(data, "govaudit", "logs", "govaudit.log")
            shown = window_shown_seconds("".join(outs) + (log.read_text("utf-8", "replace") if log.exists() else ""))
            print(f"== frozen GUI, process start -> window -> {len(sample)} samples read -> exit "
                  f"(--smoke-test): first {first:.2f} s, median {med:.2f} s  (budget to window "
                  f"{START_BUDGET_S:.0f} s; this whole run is an upper bound)")
            if shown:
                print(f"   window shown {statistics.median(shown):.2f} s after QApplication was created (median)")
            met["start"] = med <= START_BUDGET_S
            if not met["start"]:
                print(f"!! GUI smoke run exceeds {START_BUDGET_S:.0f} s (start-up time is noisy on a busy machine)")
        else:
            print("== GUI start not measured: app/gui/main.py does not exist yet")
    return met


def make_zip(folder: Path, version: str, level: int = 6) -> Path:
    """The portable zip: one top-level folder 年报审核助手/, for PCs where installers are blocked."""
    out = DIST / f"GovAudit-{version}-portable-{platform_tag()}.zip"
    out.unlink(missing_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for dirpath, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                p = Path(dirpath, name)
                zf.write(p, Path(GUI_NAME, p.relative_to(folder)).as_posix())
    print(f"== zip: {out} ({out.stat().st_size / 1024 / 1024:.1f} MB)")
    return out


def find_makensis(explicit: str | None) -> str:
    if explicit:
        return explicit
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and Path(base, "NSIS", "makensis.exe").exists():
            return str(Path(base, "NSIS", "makensis.exe"))
    raise SystemExit("找不到 makensis：请安装 NSIS（Windows: choco install nsis；Debian: apt install nsis）")


def make_installer(folder: Path, version: str, makensis: str, out: Path | None,
                   signtool: str | None, timestamp_url: str, fast: bool = False) -> Path:
    sys.path.insert(0, str(ROOT / "build"))
    from versionfile import numeric_version

    out = out or DIST / f"GovAudit-{version}-setup.exe"
    out.parent.mkdir(parents=True, exist_ok=True)
    # -WX: a warning fails the build, so the Linux compile is a real structural check.
    cmd = [makensis, "-V2", "-WX", "-INPUTCHARSET", "UTF8",
           f"-DVERSION={version}", f"-DVERSION4={numeric_version(version)}",
           f"-DBUNDLE_DIR={folder.resolve()}", f"-DOUTFILE={out.resolve()}",
           f"-DICON={ROOT / 'resources' / 'icons' / 'app.ico'}"]
    if fast:  # CI structural check: zlib instead of solid LZMA
        cmd.append("-DFAST_COMPRESS=1")
    if signtool:
        cmd += [f"-DSIGNTOOL={signtool}", f"-DTIMESTAMP_URL={timestamp_url}"]
    cmd.append(str(NSI))
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)
    print(f"== installer: {out} ({out.stat().st_size / 1024 / 1024:.1f} MB)")
    return out


def sign(files: list[Path], signtool: str, timestamp_url: str) -> None:
    """Authenticode-sign with the certificate signtool picks from the store (/a), RFC 3161 timestamp."""
    cmd = [signtool, "sign", "/a", "/fd", "SHA256", "/tr", timestamp_url, "/td", "SHA256",
           *map(str, files)]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a redirected Windows console may not encode Chinese
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    p = argparse.ArgumentParser(description="构建年报审核助手的一文件夹程序包、安装包和便携 zip")
    p.add_argument("--clean", action="store_true", help="清空 PyInstaller 缓存后重新构建")
    p.add_argument("--no-build", action="store_true", help="不运行 PyInstaller，使用已有的 dist/ 程序包")
    p.add_argument("--no-timing", action="store_true", help="不测量启动时间")
    p.add_argument("--runs", type=int, default=4, help="启动时间测量次数（第一次单独报告）")
    p.add_argument("--fast", action="store_true", help="快速压缩（仅用于 CI 检查，不用于发布）")
    p.add_argument("--strict", action="store_true",
                   help="包大小超出预算时以失败退出（启动时间只报告：共享机器上波动太大）")
    p.add_argument("--zip", action="store_true", help="生成便携版 zip")
    p.add_argument("--installer", action="store_true", help="用 NSIS 生成安装包")
    p.add_argument("--installer-out", type=Path, help="安装包输出路径")
    p.add_argument("--makensis", help="makensis 的路径（默认在 PATH 和 Program Files 中查找）")
    p.add_argument("--signtool", help="signtool.exe 路径：对 exe 和安装包进行 Authenticode 签名（可选）")
    p.add_argument("--timestamp-url", default=DEFAULT_TIMESTAMP_URL, help="RFC 3161 时间戳服务器")
    p.add_argument("--dist", type=Path, help="程序包输出文件夹（默认 dist/）")
    p.add_argument("--work", type=Path, help="PyInstaller 临时文件夹（默认 .pyinstaller/work/）")
    args = p.parse_args(argv)
    global DIST, WORK  # one build per process; a second build (CI's Windows lane) uses its own folders
    DIST = (args.dist or DIST).resolve()
    WORK = (args.work or WORK).resolve()

    version = app_version()
    folder = bundle_dir()
    if not args.no_build:
        t0 = time.perf_counter()
        run_pyinstaller(args.clean)
        print(f"== PyInstaller finished in {time.perf_counter() - t0:.0f} s -> {folder}")
    if not folder.is_dir():
        raise SystemExit(f"程序包不存在：{folder}（先不带 --no-build 运行一次）")
    met: dict[str, bool] = {}
    if not args.no_timing:
        try:
            met = report(folder, max(1, args.runs))
        except FrozenRunFailed as exc:
            print(f"!! 冻结程序自检失败 the frozen program failed: {exc}")
            return 1
    if args.signtool:
        sign([folder / f"{GUI_NAME}{EXE}", folder / f"{CLI_NAME}{EXE}"], args.signtool, args.timestamp_url)
    if args.zip:
        make_zip(folder, version, level=1 if args.fast else 6)
    if args.installer:
        make_installer(folder, version, find_makensis(args.makensis), args.installer_out,
                       args.signtool, args.timestamp_url, fast=args.fast)
    if args.strict and not met.get("size", True):
        print(f"!! --strict: bundle over {SIZE_BUDGET_MB} MB")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
