#!/usr/bin/env bash
# The Windows lane (issue 13): the program on the real Windows CPython 3.11 and its win_amd64
# wheels, frozen by PyInstaller, installed by the NSIS installer — under Wine 8 on Debian 12.
# The release itself is built on real Windows (.github/workflows/windows-release.yml); this lane
# is how the project's own CI runs the Windows program at all.
#
#   bash build/windows_check.sh [PART...] [--screenshot FILE.png] [--fast-installer]
#
# PARTs (default: all, in this order):
#   suite      the README's test suite on Windows Python
#   json       `check --format json` on every fixture, byte-compared with the Linux JSON
#   bundle     build/make.py --strict (PyInstaller), the frozen govaudit.exe on the samples and
#              fixtures == the Linux JSON, the frozen window's --smoke-test (and that it can fail)
#   installer  compile the installer; in a fresh Wine prefix whose Windows user is "张 三":
#              refused silently on "Windows 7", silent per-user install, start the installed
#              program (command line, smoke test, the real window under Xvfb), silent uninstall,
#              nothing left but the user's data and logs
# --fast-installer compresses the installer with zlib instead of solid LZMA (CI: about a minute
# less; the installer then is larger than the released one, its size is printed all the same).
# Needs the Linux venv (.venv, for the Linux JSON and makensis via make.py); sets up Wine with
# build/wine/setup.sh (W=DIR, default /tmp/govaudit-wine). Exit code 0 only if every part passed.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PY=${PYTHON:-$REPO/.venv/bin/python}
export W=${W:-/tmp/govaudit-wine}
SHOT=""
FAST=()
PARTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshot) SHOT=$(realpath -m "$2"); shift 2 ;;
    --fast-installer) FAST=(--fast); shift ;;
    suite|json|bundle|installer) PARTS+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#PARTS[@]} -gt 0 ] || PARTS=(suite json bundle installer)
want() { local p; for p in "${PARTS[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

lane_start=$SECONDS
part_start=$SECONDS
section() { echo; echo "== [windows $((SECONDS - lane_start)) s] $*"; part_start=$SECONDS; }
took() { echo "   ($((SECONDS - part_start)) s)"; }
fail() { echo "!! WINDOWS LANE FAILED: $*"; exit 1; }

section "environment: Windows CPython + win_amd64 wheels under Wine (build/wine/setup.sh)"
bash build/wine/setup.sh
took
export WINEPREFIX=$W/prefix WINEDEBUG=-all LANG=zh_CN.UTF-8 PYTHONUTF8=0 WINEDLLOVERRIDES="winemenubuilder.exe=d"
WPY=$W/bin/wpy
WRUN=$W/bin/wrun
# Keep this prefix's wineserver and its service processes running for the whole lane, started
# with no pipe attached: a service process started by a wine call inherits that call's stdout,
# and a `$(wine ...)` or `wine ... | tee` would then wait for it to exit — i.e. until every other
# wine process of the lane (the background build) has ended.
wineserver -p
wine cmd /c exit </dev/null >/dev/null 2>&1 || true
tmp=$(mktemp -d /tmp/govaudit-winlane.XXXXXX)
UP=$tmp/user-prefix   # the fresh "PC" the installer runs on
cleanup() {
  WINEPREFIX=$UP wineserver -k 2>/dev/null || true
  wineserver -k 2>/dev/null || true   # ends the persistent server (and a failed lane's background build)
  [ -z "${build_pid:-}" ] || wait "$build_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# Its own folders, so that the Linux bundle check (build/ci_build.sh, dist/) can run at the same time.
MAKE_DIRS=(--dist dist/windows --work .pyinstaller/windows)
BUNDLE="dist/windows/年报审核助手"
SUMMARY=()

# Every report file the tests use, as relative paths with "/" (the same "file" field on both
# systems). .doc/.wps are compared separately: Linux converts them with LibreOffice, this
# Windows has neither Office nor LibreOffice.
mapfile -t FIXTURES < <(find resources/samples tests/fixtures/samples tests/fixtures/formats tests/fixtures/text \
    tests/fixtures/rules tests/gui/fixtures tests/fixtures -maxdepth 1 -type f \
    \( -iname '*.txt' -o -iname '*.pdf' -o -iname '*.docx' -o -iname '*.htm' -o -iname '*.html' -o -iname '*.mht' \) \
    | sort -u)
mapfile -t LEGACY < <(find tests/fixtures/formats -maxdepth 1 -type f \( -iname '*.doc' -o -iname '*.wps' \) | sort)
linux_json() {  # FILE...: the Linux JSON of those files into $tmp/linux.json (once)
  if [ ! -f "$tmp/linux.json" ]; then
    set +e; "$PY" -m app check "${FIXTURES[@]}" --format json >"$tmp/linux.json" 2>/dev/null
    echo $? >"$tmp/linux.rc"; set -e
  fi
}
same_json() {  # NAME FILE RC: byte-compare with the Linux JSON and exit code
  local name=$1 file=$2 rc=$3
  if ! cmp -s "$tmp/linux.json" "$file"; then
    echo "   $name JSON differs from the Linux JSON:"; diff <(tr -d '\r' <"$tmp/linux.json") <(tr -d '\r' <"$file") | head -30
    grep -c $'\r' "$file" >/dev/null && echo "   (it has CR characters)"
    fail "$name JSON is not byte-identical to Linux"
  fi
  [ "$rc" = "$(cat "$tmp/linux.rc")" ] || fail "$name exit code $rc, Linux $(cat "$tmp/linux.rc")"
  echo "   $name: byte-identical to the Linux JSON ($(wc -c <"$file") bytes, ${#FIXTURES[@]} files, exit code $rc)"
}

legacy_says_what_to_install() {  # JSON: every .doc/.wps is "no converter", naming what to install
  "$PY" - "$1" <<'PYEOF'
import json, sys
reports = json.load(open(sys.argv[1], encoding="utf-8"))["reports"]
assert reports, "no .doc/.wps reports"
for r in reports:
    err = r.get("error") or {}
    assert r["status"] == "error" and err.get("code") == "legacy_no_converter", r
    assert all(n in err["message"] for n in ("WPS Office", "Microsoft Word", "LibreOffice")), err
    print(f"   {r['file']}: {err['message']}")
PYEOF
}

if want bundle; then
  # PyInstaller under Wine is the longest step and mostly one core: it runs while the suite and
  # the JSON comparison use the other one.
  section "bundle: build/make.py --strict on Windows Python (PyInstaller), in the background"
  ( PYTHONUTF8=1 "$WPY" build/make.py --strict --runs 2 "${MAKE_DIRS[@]}" 2>&1 | grep -v '^WARNING: Location' \
        >"$tmp/make.log"; echo "${PIPESTATUS[0]}" >"$tmp/make.rc" ) &
  build_pid=$!
  build_start=$SECONDS
fi

if want suite; then
  section "suite: the README's test line on Windows Python ($("$WPY" -c 'import sys;print(sys.version.split()[0])' | tr -d '\r'))"
  set +e
  QT_QPA_PLATFORM=offscreen "$WPY" -m pytest -p no:cacheprovider -rfEs 2>&1 | tee "$tmp/suite.log" | tail -40
  rc=${PIPESTATUS[0]}
  set -e
  line=$(grep -E '[0-9]+ (passed|failed)' "$tmp/suite.log" | tail -1 | tr -d '\r=' | sed 's/^ *//;s/ *$//')
  SUMMARY+=("Windows Python test suite: $line ($((SECONDS - part_start)) s)")
  [ "$rc" = 0 ] || fail "the test suite on Windows Python: $line"
  took
fi

if want json; then
  section "json: check --format json on ${#FIXTURES[@]} fixtures, Windows Python vs Linux"
  linux_json
  set +e; "$WPY" -m app check "${FIXTURES[@]}" --format json >"$tmp/win.json" 2>"$tmp/win.err"; rc=$?; set -e
  same_json "Windows Python" "$tmp/win.json" "$rc"
  # .doc on a PC without Office or LibreOffice: COM says "not registered" for Word and WPS, and the
  # auditor is told what to install (the real pywin32 path, as far as Wine can take it).
  set +e; "$WPY" -m app check "${LEGACY[@]}" --format json >"$tmp/win-legacy.json" 2>/dev/null; set -e
  legacy_says_what_to_install "$tmp/win-legacy.json"
  SUMMARY+=("JSON of check on ${#FIXTURES[@]} fixtures: Windows Python == Linux, byte for byte")
  took
fi

if want bundle; then
  section "bundle: waiting for build/make.py (started $((SECONDS - build_start)) s ago)"
  wait "$build_pid" || true
  cat "$tmp/make.log"
  rc=$(cat "$tmp/make.rc" 2>/dev/null || echo 1)
  [ "$rc" = 0 ] || fail "build/make.py --strict exited $rc"
  echo "   (the build took $((SECONDS - build_start)) s in all)"
  SUMMARY+=("$(grep -m1 '包大小 bundle size' "$tmp/make.log" | tr -d '\r' | sed 's/^== //')")
  SUMMARY+=("$(grep -m1 '启动时间 frozen start' "$tmp/make.log" | tr -d '\r' | sed 's/^== //')")
  SUMMARY+=("$(grep -m1 'frozen GUI, process start' "$tmp/make.log" | tr -d '\r' | sed 's/^== //')")
  took

  section "bundle: the frozen govaudit.exe on every fixture == Linux"
  linux_json
  set +e; "$WRUN" "$BUNDLE/govaudit.exe" check "${FIXTURES[@]}" --format json >"$tmp/frozen.json" 2>/dev/null; rc=$?; set -e
  same_json "frozen govaudit.exe" "$tmp/frozen.json" "$rc"
  profile=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)
  logdir=$profile/AppData/Local/govaudit/logs   # Wine sets %LOCALAPPDATA% from its profile
  rm -rf "$logdir"
  set +e; "$WRUN" "$BUNDLE/govaudit.exe" check "${LEGACY[@]}" --format json >"$tmp/frozen-legacy.json" 2>/dev/null; set -e
  legacy_says_what_to_install "$tmp/frozen-legacy.json"
  # ... and that is what COM said, not a pywin32 that did not survive freezing:
  grep -q "COM Word.Application unavailable" "$logdir/govaudit.log" || fail "the frozen program did not ask COM for Word"
  ! grep -q "pywin32 cannot be imported" "$logdir/govaudit.log" || fail "pywin32 is missing from the bundle"
  grep -h "COM .* unavailable" "$logdir/govaudit.log" | sed 's/^.*INFO /   log: /' | tr -d '\r' | sort -u
  took

  section "bundle: the frozen window's --smoke-test passes on the samples, and fails on a damaged file"
  rm -rf "$logdir"
  set +e
  "$WRUN" "$BUNDLE/年报审核助手.exe" --smoke-test; ok_rc=$?
  "$WRUN" "$BUNDLE/年报审核助手.exe" --smoke-test tests/fixtures/formats/bad-damaged.pdf; bad_rc=$?
  set -e
  grep -h "smoke test" "$logdir/govaudit.log" | sed 's/^/   log: /' | tr -d '\r' || true
  [ "$ok_rc" = 0 ] || fail "frozen --smoke-test on the samples exited $ok_rc"
  [ "$bad_rc" = 1 ] || fail "frozen --smoke-test on a damaged file exited $bad_rc (it must be able to fail)"
  ! ls "$logdir"/crash-*.txt >/dev/null 2>&1 || fail "the smoke test left a crash file"
  SUMMARY+=("frozen window --smoke-test: samples exit 0, damaged file exit 1")
  took
fi

if want installer; then
  section "installer: makensis (NSIS) compiles the installer for the Windows bundle"
  [ -f "$BUNDLE/govaudit.exe" ] || fail "no Windows bundle in $BUNDLE (run the bundle part first)"
  "$PY" build/make.py --no-build --no-timing --installer --installer-out "$tmp/GovAudit-setup.exe" "${MAKE_DIRS[@]}" "${FAST[@]}" 2>&1 \
      | tee "$tmp/nsis.log"
  SUMMARY+=("$(grep -m1 '== installer' "$tmp/nsis.log" | sed "s|$tmp/||;s/^== //") ($([ ${#FAST[@]} = 0 ] && echo 'solid LZMA, as released' || echo 'zlib, CI only'))")
  took

  WUSER="张 三"
  # Wine links the profile's Desktop and Documents to $HOME, and winemenubuilder copies shortcuts
  # into the unix desktop menus: a home of its own, and no menubuilder, keep the test inside $tmp.
  mkdir -p "$tmp/home/Desktop" "$tmp/home/Documents"
  uenv() { env WINEPREFIX="$UP" USER="$WUSER" WINEUSERNAME="$WUSER" HOME="$tmp/home" "$@"; }
  section "installer: a fresh Windows (Wine prefix) whose user is \"$WUSER\", claiming Windows 7 first"
  uenv xvfb-run -a wineboot -i >/dev/null 2>&1
  cp "$WINEPREFIX"/drive_c/windows/system32/{icuuc,bcryptprimitives}.dll "$UP/drive_c/windows/system32/"
  PROFILE="$UP/drive_c/users/$WUSER"
  [ -d "$PROFILE" ] || fail "the prefix has no profile folder for $WUSER: $(ls "$UP/drive_c/users")"
  INSTDIR="$PROFILE/AppData/Local/Programs/年报审核助手"
  uenv wine winecfg /v win7 >/dev/null 2>&1
  set +e; uenv timeout 120 "$WRUN" "$tmp/GovAudit-setup.exe" /S; rc=$?; set -e
  uenv wineserver -w
  [ "$rc" = 2 ] || fail "silent install on Windows 7 should end with exit code 2 (aborted), got $rc"
  [ ! -e "$INSTDIR" ] || fail "the installer refused Windows 7 but installed files"
  echo "   Windows 7: refused without waiting for a click (exit code 2), nothing installed"
  uenv wine winecfg /v win10 >/dev/null 2>&1
  uenv wineserver -w
  (cd "$PROFILE" && find . \( -path ./AppData/Local/Temp -o -path ./Temp \) -prune -o -print | sort) >"$tmp/before.txt"
  took

  section "installer: silent per-user install (setup.exe /S) into $INSTDIR"
  set +e; uenv timeout 300 "$WRUN" "$tmp/GovAudit-setup.exe" /S; rc=$?; set -e
  uenv wineserver -w
  [ "$rc" = 0 ] || fail "silent install exited $rc"
  for f in 年报审核助手.exe govaudit.exe uninstall.exe _internal/resources/samples; do
    [ -e "$INSTDIR/$f" ] || fail "not installed: $f"
  done
  lnk=$(find "$PROFILE" "$tmp/home/Desktop" -name '年报审核助手.lnk' | sed "s|$PROFILE/||;s|$tmp/home/||" | sort | tr '\n' ' ')
  [ -f "$tmp/home/Desktop/年报审核助手.lnk" ] || fail "no desktop shortcut"
  echo "   installed: $(du -sm "$INSTDIR" | cut -f1) MB in C:\\users\\$WUSER\\AppData\\Local\\Programs\\年报审核助手; shortcuts: $lnk"
  uenv wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\govaudit' /v DisplayVersion 2>/dev/null \
      | tr -d '\r' | grep -q DisplayVersion || fail "no 程序和功能 entry in HKCU"
  took

  section "installer: start the installed program"
  WIN_INSTDIR="C:\\users\\$WUSER\\AppData\\Local\\Programs\\年报审核助手"
  linux_json
  # The installed command line on the bundled samples: the same JSON as on Linux.
  mapfile -t SAMPLES < <(ls resources/samples/*.txt)
  set +e
  "$PY" -m app check "${SAMPLES[@]}" --format json >"$tmp/linux-samples.json" 2>/dev/null
  uenv "$WRUN" "$WIN_INSTDIR\\govaudit.exe" check "${SAMPLES[@]}" --format json >"$tmp/installed.json" 2>/dev/null; rc=$?
  set -e
  cmp -s "$tmp/linux-samples.json" "$tmp/installed.json" || fail "the installed govaudit.exe's JSON differs from Linux"
  [ "$rc" -le 1 ] || fail "the installed govaudit.exe exited $rc on the samples"
  echo "   installed govaudit.exe on ${#SAMPLES[@]} samples: byte-identical to the Linux JSON (exit code $rc)"
  # The real window (not offscreen) under Xvfb, opening the bundled samples, as a user starts it:
  # wait for its X window, give it time to read the samples, take the screenshot, close it.
  uenv xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
      "$0" "$1\\年报审核助手.exe" "$1\\_internal\\resources\\samples" >/dev/null 2>&1 &
      geo=""
      for i in $(seq 90); do
        sleep 1
        geo=$(xwininfo -root -tree | grep -m1 "\"年报审核助手\": (" | grep -oE "[0-9]+x[0-9]+\+[0-9]+\+[0-9]+" | head -1)
        [ -n "$geo" ] && break
      done
      [ -n "$geo" ] || { echo "no window after 90 s"; wineserver -k; exit 1; }
      echo "   window up after $i s: $geo"
      sleep 15
      geo=$(xwininfo -root -tree | grep -m1 "\"年报审核助手\": (" | grep -oE "[0-9]+x[0-9]+\+[0-9]+\+[0-9]+" | head -1)
      echo "   after reading the samples: $geo"
      [ -z "$2" ] || import -window root -crop "$geo" +repage "$2"
      wineserver -k' "$WRUN" "$WIN_INSTDIR" "$SHOT" || fail "the installed program did not open its window"
  uenv wineserver -w
  log="$PROFILE/AppData/Local/govaudit/logs/govaudit.log"
  [ -f "$log" ] || fail "the installed program wrote no log in %LOCALAPPDATA%\\govaudit\\logs"
  starts=$(grep -c "start pid=" "$log" || true)
  echo "   log in C:\\users\\$WUSER\\AppData\\Local\\govaudit\\logs: $starts starts"
  ! ls "$(dirname "$log")"/crash-*.txt >/dev/null 2>&1 || { cat "$(dirname "$log")"/crash-*.txt; fail "the installed program crashed"; }
  [ -z "$SHOT" ] || echo "   screenshot: $SHOT"
  took

  section "installer: silent uninstall; nothing left but the user's data and logs"
  set +e; uenv timeout 300 "$WRUN" "$WIN_INSTDIR\\uninstall.exe" /S; rc=$?; set -e
  uenv wineserver -w   # the uninstaller re-runs itself from %TEMP%: wait for that copy too
  [ "$rc" = 0 ] || fail "silent uninstall exited $rc"
  [ ! -e "$INSTDIR" ] || fail "left behind: $(cd "$INSTDIR" && find . | head)"
  [ -z "$(ls -A "$tmp/home/Desktop")" ] || fail "left on the desktop: $(ls "$tmp/home/Desktop")"
  if uenv wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\govaudit' >/dev/null 2>&1; then
    fail "the 程序和功能 entry is still there"
  fi
  (cd "$PROFILE" && find . \( -path ./AppData/Local/Temp -o -path ./Temp \) -prune -o -print | sort) >"$tmp/after.txt"
  # Allowed to stay: the logs (Local\govaudit), settings (Roaming\govaudit) and the window's
  # layout and recent files (Roaming\GovAudit, Qt's settings file) — the user's own data — and
  # an empty %LOCALAPPDATA%\Programs, Windows' known folder for per-user programs. Temp folders
  # are not compared: NSIS's uninstaller runs from a copy there that Windows removes later.
  kept_re='^\./AppData/(Local|Roaming)(/(govaudit|GovAudit)(/.*)?)?$'
  left=$(comm -13 "$tmp/before.txt" "$tmp/after.txt" | grep -v -E "$kept_re" || true)
  if [ "$left" = "./AppData/Local/Programs" ] && [ -z "$(ls -A "$PROFILE/AppData/Local/Programs")" ]; then left=""; fi
  kept=$(comm -13 "$tmp/before.txt" "$tmp/after.txt" | grep -E '^\./AppData/(Local|Roaming)/(govaudit|GovAudit)' | tr '\n' ' ')
  [ -z "$left" ] || { echo "$left"; fail "the uninstall left files outside the user's data and logs"; }
  echo "   removed: program folder, shortcuts, 程序和功能 entry; kept (user data and logs): $kept"
  SUMMARY+=("installer: refused on Windows 7 silently; silent install for user \"$WUSER\"; installed program started; silent uninstall clean")
  took
fi

echo
echo "== Windows lane passed in $((SECONDS - lane_start)) s (${PARTS[*]})"
for line in "${SUMMARY[@]}"; do echo "   $line"; done
