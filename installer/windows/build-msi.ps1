# Build the KIMdesk MSI on Windows: PyInstaller bundle, Noto fonts in it, self-test of the
# bundle, both MSI variants, optional signing, and a silent install/uninstall smoke test.
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build-msi.ps1 [-Sign]
#
# Needs: Python 3.11 (x64), the .NET SDK with the WiX tool (dotnet tool install --global
# wix --version 5.*), and the Noto font files in installer\windows\fonts\ or in the folder
# named by KIMDESK_FONT_DIRS (the printouts depend on them; see installer/fonts.py).
param([switch]$Sign, [switch]$SkipInstallTest)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$version = (python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()
if (-not $env:KIMDESK_FONT_DIRS) { $env:KIMDESK_FONT_DIRS = (Resolve-Path "installer\windows\fonts").Path }

python -m venv .venv-win
.\.venv-win\Scripts\python -m pip install -q -e ".[test]"
.\.venv-win\Scripts\python -m installer.bundle          # build\bundle\<hash>\dist\kimdesk-<version>
$bundle = (Get-ChildItem -Directory "build\bundle\*\dist\kimdesk-$version" | Select-Object -First 1).FullName

# the bar is the bundle: it must pass its own self-test before it is packed
$env:QT_QPA_PLATFORM = "offscreen"
& "$bundle\kimdesk.exe" --self-test
if ($LASTEXITCODE -ne 0) { throw "Selbsttest des Pakets fehlgeschlagen" }
Remove-Item Env:QT_QPA_PLATFORM

if ($Sign) { & "$PSScriptRoot\sign.ps1" -Path (Get-ChildItem "$bundle\*.exe").FullName }

New-Item -ItemType Directory -Force dist | Out-Null
foreach ($scope in "perMachine", "perUser") {
  $suffix = if ($scope -eq "perUser") { "-benutzer" } else { "" }
  $msi = "dist\KIMdesk-$version$suffix.msi"
  wix build installer\windows\kimdesk.wxs -arch x64 -d "Version=$version" -d "Scope=$scope" `
      -d "BundleDir=$bundle" -culture de-DE -o $msi
  if ($LASTEXITCODE -ne 0) { throw "wix build ($scope) fehlgeschlagen" }
  if ($Sign) { & "$PSScriptRoot\sign.ps1" -Path $msi }
}

if (-not $SkipInstallTest) {
  # silent per-machine install, self-test of the installed program, silent uninstall
  $msi = (Resolve-Path "dist\KIMdesk-$version.msi").Path
  $p = Start-Process msiexec -Wait -PassThru -ArgumentList "/i `"$msi`" /qn /norestart /l*v dist\install.log"
  if ($p.ExitCode -ne 0) { throw "msiexec /i: $($p.ExitCode)" }
  $env:QT_QPA_PLATFORM = "offscreen"
  & "$env:ProgramFiles\KIMdesk\kimdesk.exe" --self-test
  if ($LASTEXITCODE -ne 0) { throw "Selbsttest der installierten Fassung fehlgeschlagen" }
  $p = Start-Process msiexec -Wait -PassThru -ArgumentList "/x `"$msi`" /qn /norestart"
  if ($p.ExitCode -ne 0) { throw "msiexec /x: $($p.ExitCode)" }
  if (Test-Path "$env:ProgramFiles\KIMdesk\kimdesk.exe") { throw "Deinstallation unvollständig" }
}
Get-ChildItem dist\*.msi
