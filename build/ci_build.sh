#!/usr/bin/env bash
# Linux CI for the Windows packaging (issue 7), called by .ci/run:
#   1. build the one-folder bundle from build/govaudit.spec (build/make.py prints size + start-up time)
#   2. the frozen `govaudit check --format json` on the bundled samples == the source tree's JSON,
#      and the same on the PDF/DOCX/DOC/HTML/MHT/damaged-file fixtures (every reader frozen)
#   3. the frozen window starts offscreen and exits cleanly with --smoke-test
#   4. the bundle holds no QML/Quick, no opengl32sw, only zh_CN Qt translations
#   5. makensis compiles installer/govaudit.nsi against this bundle (structural check, -WX)
#   6. the portable zip contains both executables
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BUNDLE="dist/年报审核助手"
start=$SECONDS

if ! "$PY" -c "import PyInstaller, pyinstaller_versionfile" 2>/dev/null; then
    "$PY" -m pip install -q -e ".[build]"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data"   # the frozen runs log here, not in the CI user's home
export QT_QPA_PLATFORM=offscreen

echo "== 1. build"
"$PY" build/make.py --runs 3

echo "== 2. frozen check vs source tree"
diff -r resources/samples "$BUNDLE/_internal/resources/samples" >/dev/null \
    || { echo "bundled samples differ from resources/samples"; exit 1; }
# Run both from a folder where the samples are at resources/samples, so even the "file" paths match.
set +e
"$PY" -m app check resources/samples --format json >"$tmp/source.json" 2>"$tmp/source.err"; src_rc=$?
(cd "$BUNDLE/_internal" && ../govaudit check resources/samples --format json) >"$tmp/frozen.json" 2>"$tmp/frozen.err"; frz_rc=$?
(cd "$BUNDLE/_internal" && ../年报审核助手 check resources/samples --format json) >"$tmp/frozen-gui.json" 2>/dev/null; gui_rc=$?
set -e
echo "exit codes: source $src_rc, frozen govaudit $frz_rc, frozen 年报审核助手 $gui_rc"
if [ "$src_rc" -gt 1 ] || [ "$src_rc" != "$frz_rc" ] || [ "$src_rc" != "$gui_rc" ]; then
    echo "exit codes differ (or a sample could not be read)"; cat "$tmp/frozen.err"; exit 1
fi
"$PY" - "$tmp/source.json" <<'PYEOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["reports"], "no reports in the JSON"
print(f"   {len(doc['reports'])} reports, statuses {sorted({r['status'] for r in doc['reports']})}")
PYEOF
for f in frozen frozen-gui; do
    if ! cmp -s "$tmp/source.json" "$tmp/$f.json"; then
        echo "$f JSON differs from the source tree's:"; diff "$tmp/source.json" "$tmp/$f.json" | head -40; exit 1
    fi
done
echo "   identical JSON ($(wc -c <"$tmp/source.json") bytes)"

echo "== 2b. frozen check vs source tree on every reader (PDF, DOCX, DOC, HTML, MHT, damaged files)"
# Absolute paths on both sides, so the "file" fields match; exit code 2 is expected (damaged files).
inputs=("$PWD"/tests/fixtures/samples/*.pdf "$PWD/tests/fixtures/formats")
set +e
"$PY" -m app check "${inputs[@]}" --format json >"$tmp/source-formats.json" 2>/dev/null; src_rc=$?
"$BUNDLE/govaudit" check "${inputs[@]}" --format json >"$tmp/frozen-formats.json" 2>/dev/null; frz_rc=$?
set -e
[ "$src_rc" = "$frz_rc" ] || { echo "exit codes differ: source $src_rc, frozen $frz_rc"; exit 1; }
if ! cmp -s "$tmp/source-formats.json" "$tmp/frozen-formats.json"; then
    echo "frozen JSON differs on the format fixtures:"; diff "$tmp/source-formats.json" "$tmp/frozen-formats.json" | head -40; exit 1
fi
echo "   identical JSON ($(wc -c <"$tmp/source-formats.json") bytes, exit code $src_rc)"

echo "== 3. frozen GUI --smoke-test"
if [ -f app/gui/main.py ]; then
    timeout 60 "$BUNDLE/年报审核助手" --smoke-test
    if ls "$XDG_DATA_HOME"/govaudit/logs/crash-*.txt >/dev/null 2>&1; then
        echo "the smoke test left a crash file:"; cat "$XDG_DATA_HOME"/govaudit/logs/crash-*.txt; exit 1
    fi
    echo "   ok"
else
    echo "   SKIPPED: app/gui/main.py does not exist yet"
fi

echo "== 4. bundle contents"
bad=$(find "$BUNDLE" \( -iname '*qml*' -o -iname '*quick*' -o -iname 'opengl32sw*' -o -iname '*webengine*' \) | head)
[ -z "$bad" ] || { echo "unwanted Qt parts in the bundle:"; echo "$bad"; exit 1; }
bad=$(find "$BUNDLE" -path '*translations*' -name '*.qm' ! -name '*_zh_CN.qm' | head)
[ -z "$bad" ] || { echo "Qt translations other than zh_CN:"; echo "$bad"; exit 1; }
echo "   ok"

echo "== 5. NSIS structural compile + 6. portable zip"
"$PY" build/make.py --no-build --no-timing --installer --installer-out "$tmp/nsis-check-setup.exe" --zip --fast
zip=$(ls -t dist/GovAudit-*-portable-*.zip | head -1)
"$PY" - "$zip" <<'PYEOF'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for need in ("年报审核助手/govaudit", "年报审核助手/年报审核助手", "年报审核助手/_internal/resources/icons/app.ico"):
    assert need in names, f"{need} missing from {sys.argv[1]}"
print(f"   {sys.argv[1]}: {len(names)} entries")
PYEOF

echo "== ci_build.sh passed in $((SECONDS - start)) s"
