#!/usr/bin/env bash
# Sign a Windows file (MSI or EXE) on Linux with osslsigncode (Debian package osslsigncode),
# with the district's certificate; the same signature signtool makes (Authenticode,
# SHA-256, RFC 3161 timestamp).
#   KIMDESK_SIGN_PFX=/sicher/kreis.pfx KIMDESK_SIGN_PASSWORD=… \
#   KIMDESK_SIGN_TIMESTAMP=http://timestamp.example installer/sign-osslsigncode.sh FILE…
# Without KIMDESK_SIGN_TIMESTAMP no timestamp is added (tests; a real release needs one).
set -euo pipefail
: "${KIMDESK_SIGN_PFX:?KIMDESK_SIGN_PFX: Pfad zur .pfx-Datei des Kreises}"
for file in "$@"; do
  args=(sign -pkcs12 "$KIMDESK_SIGN_PFX" -pass "${KIMDESK_SIGN_PASSWORD:-}" -h sha256
        -n KIMdesk -in "$file" -out "$file.signed")
  [ -n "${KIMDESK_SIGN_TIMESTAMP:-}" ] && args+=(-ts "$KIMDESK_SIGN_TIMESTAMP")
  osslsigncode "${args[@]}" >/dev/null
  mv "$file.signed" "$file"
  echo "signiert: $file"
done
