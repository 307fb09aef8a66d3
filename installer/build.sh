#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and smoke-test it on a throwaway demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
./run test -q -x -k "store_security or migrations" >/dev/null   # never ship a red build
.venv/bin/pip install -q "pyinstaller>=6" 2>&1 | grep -v WARNING || true
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build installer/kimdesk.spec
bundle=$(ls -d dist/kimdesk-*/ | head -1)
home=$(mktemp -d)
KIMDESK_HOME="$home" "$bundle/kimdesk" demo --no-gui --clients 50
KIMDESK_HOME="$home" KIMDESK_PASSPHRASE=demo-passphrase "$bundle/kimdesk" check --store "$home/demo"
rm -rf "$home"
echo "Bundle: $bundle"
