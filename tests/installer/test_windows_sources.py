"""What of the Windows installer can be checked on Linux: the WiX source's promises (fixed
upgrade codes, in-place upgrade, both scopes, Start-menu entry, no file associations, the
version from pyproject.toml, the whole bundle with its fonts) and that the signing script
signs an MSI. Building the MSI itself needs Windows (installer/README.md)."""

import re
import shutil
import subprocess
import tomllib
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import HANG_GUARD_S

ROOT = Path(__file__).resolve().parents[2]
WXS = ROOT / "installer" / "windows" / "kimdesk.wxs"
NS = {"w": "http://wixtoolset.org/schemas/v4/wxs"}
W = "{" + NS["w"] + "}"
#: Never change these: Windows Installer recognises an installed KIMdesk by them.
UPGRADE_CODES = {"perMachine": "df34ef45-e00e-46bb-a7fb-d053f0349a9d",
                 "perUser": "636fb935-b654-41a2-9b4f-8dd4b084a009"}


def test_upgrade_codes_are_fixed_per_scope():
    text = WXS.read_text("utf-8")
    defined = dict(re.findall(r'<\?(?:else)?if \$\(var\.Scope\) = "(\w+)" \?>\s*'
                              r'<\?define UpgradeCode = "([0-9a-f-]{36})" \?>', text))
    assert defined == UPGRADE_CODES
    for code in defined.values():
        assert str(uuid.UUID(code)) == code


def test_package_takes_version_scope_and_bundle_from_the_build():
    root = ET.parse(WXS).getroot()
    assert root.tag == "{http://wixtoolset.org/schemas/v4/wxs}Wix"
    package = root.find("w:Package", NS)
    assert package.get("Version") == "$(var.Version)"
    assert package.get("UpgradeCode") == "$(var.UpgradeCode)"
    assert package.get("Scope") == "$(var.Scope)"
    upgrade = package.find("w:MajorUpgrade", NS)
    assert "neuere Version" in upgrade.get("DowngradeErrorMessage")
    files = package.find("w:ComponentGroup/w:Files", NS)
    assert files.get("Include") == r"$(var.BundleDir)\**"
    dirs = {d.get("Id") for d in package.iter(W + "StandardDirectory")}
    assert {"ProgramFiles64Folder", "LocalAppDataFolder", "ProgramMenuFolder"} <= dirs


def test_start_menu_entry_and_no_file_associations():
    root = ET.parse(WXS).getroot()
    shortcuts = list(root.iter(W + "Shortcut"))
    assert [s.get("Target") for s in shortcuts] == ["[INSTALLFOLDER]kimdesk-desk.exe"]
    for tag in ("ProgId", "Extension", "Verb", "ServiceInstall", "Environment"):
        assert not list(root.iter(W + tag)), f"{tag} in the MSI"


def test_pyproject_version_is_a_valid_msi_product_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    parts = version.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts), version
    major, minor, build = map(int, parts)
    assert major < 256 and minor < 256 and build < 65536


def test_spec_bundles_fonts_and_the_windowed_desk():
    spec = (ROOT / "installer" / "kimdesk.spec").read_text("utf-8")
    assert '"resources/fonts"' in spec and "bundled_fonts()" in spec
    assert 'name="kimdesk-desk"' in spec and "console=False" in spec


def _self_signed_pfx(folder: Path) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kreis Testsignatur")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=7))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    pfx = folder / "kreis.pfx"
    pfx.write_bytes(pkcs12.serialize_key_and_certificates(
        b"kreis", key, cert, None, serialization.BestAvailableEncryption(b"geheim")))
    return pfx


SMALL_MSI = """<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="KIMdesk Signaturprobe" Language="1031" Version="0.1.0"
           Manufacturer="KIMdesk" UpgradeCode="df34ef45-e00e-46bb-a7fb-d053f0349a9d">
    <Package InstallerVersion="500" Compressed="yes" />
    <Media Id="1" Cabinet="probe.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLFOLDER" Name="KIMdesk">
        <Component Id="licence" Guid="*"><File Id="licence" Source="LICENSE" KeyPath="yes"/>
        </Component>
      </Directory></Directory>
    </Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="licence"/></Feature>
  </Product>
</Wix>
"""


def test_signing_script_signs_an_msi(tmp_path):
    """installer/sign-osslsigncode.sh on a small MSI (made with Debian's wixl, which reads
    only the WiX v3 schema, so not from our v4 source) with a throwaway certificate."""
    if not (shutil.which("wixl") and shutil.which("osslsigncode")):
        pytest.skip("wixl/osslsigncode not installed (scripts/system-packages)")
    shutil.copy(ROOT / "LICENSE", tmp_path / "LICENSE")
    (tmp_path / "probe.wxs").write_text(SMALL_MSI)
    subprocess.run(["wixl", "-a", "x64", "-o", "probe.msi", "probe.wxs"], cwd=tmp_path,
                   check=True, timeout=HANG_GUARD_S)
    env = {"PATH": "/usr/bin:/bin", "KIMDESK_SIGN_PFX": str(_self_signed_pfx(tmp_path)),
           "KIMDESK_SIGN_PASSWORD": "geheim"}
    subprocess.run([str(ROOT / "installer" / "sign-osslsigncode.sh"), "probe.msi"],
                   cwd=tmp_path, env=env, check=True, timeout=HANG_GUARD_S)
    verify = subprocess.run(["osslsigncode", "verify", "-in", "probe.msi"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=HANG_GUARD_S)
    out = verify.stdout + verify.stderr
    current = re.search(r"Current DigitalSignature\s*:\s*(\w+)", out)
    calculated = re.search(r"Calculated DigitalSignature\s*:\s*(\w+)", out)
    assert current and calculated and current.group(1) == calculated.group(1), out
    assert "Subject: /CN=Kreis Testsignatur" in out
