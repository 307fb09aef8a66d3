#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller (cached by a hash of its inputs) and run the
# bundle's own self-test. The same happens in the test suite (tests/installer/).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || ./run test --collect-only -q >/dev/null   # installs .venv
out=$(.venv/bin/python -m installer.bundle)
echo "$out"
bundle=${out%% (*}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
(cd "$home" && KIMDESK_HOME="$home" QT_QPA_PLATFORM=offscreen "$bundle/kimdesk" --self-test)
echo "Bundle: $bundle"
