# Sign executables or MSI files with the district's code-signing certificate (Authenticode,
# SHA-256, RFC 3161 timestamp). The certificate never lives in the repository:
#   KIMDESK_SIGN_PFX        path to the .pfx file (or leave empty and set KIMDESK_SIGN_THUMBPRINT
#                           for a certificate in the machine's store / on a token)
#   KIMDESK_SIGN_PASSWORD   its password (from the CI secret store)
#   KIMDESK_SIGN_TIMESTAMP  timestamp server of the certificate's issuer
param([Parameter(Mandatory)] [string[]]$Path)
$ErrorActionPreference = "Stop"
$ts = if ($env:KIMDESK_SIGN_TIMESTAMP) { $env:KIMDESK_SIGN_TIMESTAMP } else { throw "KIMDESK_SIGN_TIMESTAMP fehlt" }
$common = @("sign", "/fd", "SHA256", "/tr", $ts, "/td", "SHA256", "/d", "KIMdesk")
if ($env:KIMDESK_SIGN_PFX) {
  $common += @("/f", $env:KIMDESK_SIGN_PFX, "/p", $env:KIMDESK_SIGN_PASSWORD)
} elseif ($env:KIMDESK_SIGN_THUMBPRINT) {
  $common += @("/sha1", $env:KIMDESK_SIGN_THUMBPRINT)
} else { throw "KIMDESK_SIGN_PFX oder KIMDESK_SIGN_THUMBPRINT setzen" }
foreach ($file in $Path) {
  signtool @common $file
  if ($LASTEXITCODE -ne 0) { throw "signtool: $file" }
  signtool verify /pa /all $file
  if ($LASTEXITCODE -ne 0) { throw "Signatur ungültig: $file" }
}
