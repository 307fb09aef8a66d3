"""Fonts for printouts: Noto families, found on disk, registered once, always embedded.

Where the files come from, first match wins:

1. the folders in ``KIMDESK_FONT_DIRS`` (separated like ``PATH``),
2. ``resources/fonts/`` (a frozen Windows build bundles the files there),
3. the operating system's Noto folders (Debian/Ubuntu: package ``fonts-noto-core``).

All are OFL-1.1 (SIL Open Font License). Only TrueType outlines are used (reportlab embeds
subsets of them); a script whose font is missing is refused with a German message instead
of printing empty boxes.
"""

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kimdesk.catalogues import resource_path
from kimdesk.core.errors import DomainError

#: script (ISO 15924) -> (family, regular file, bold file)
FAMILIES: dict[str, tuple[str, str, str]] = {
    "Latn": ("Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "Arab": ("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "Ethi": ("Noto Sans Ethiopic", "NotoSansEthiopic-Regular.ttf",
             "NotoSansEthiopic-Bold.ttf"),
}
#: Scripts that Noto Sans itself covers.
SCRIPT_FAMILY = {"Latn": "Latn", "Cyrl": "Latn", "Grek": "Latn", "Arab": "Arab",
                 "Ethi": "Ethi"}
#: Order in which fonts are tried for a character the preferred font lacks.
FALLBACK_ORDER = ("Latn", "Arab", "Ethi")

SYSTEM_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
)


class FontMissingError(DomainError):
    """A font the printout needs is not installed."""


@dataclass
class Face:
    """One font file: the reportlab font (for embedding) and the HarfBuzz font (shaping)."""

    script: str
    bold: bool
    name: str  # reportlab font name
    path: Path
    rl: TTFont
    hb_font: hb.Font
    upem: int

    def has(self, ch: str) -> bool:
        return ord(ch) in self.rl.face.charToGlyph

    def char_for_glyph(self, gid: int, advance: float) -> str:
        """A character reportlab can embed for this glyph; private-use if it has none."""
        face = self.rl.face
        chars = face.glyphToChar.get(gid)
        if chars:
            return chr(chars[0])
        code = 0xE000
        while code in face.charToGlyph:
            code += 1
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = advance
        return chr(code)


def font_dirs() -> list[Path]:
    dirs = [Path(p).expanduser() for p in os.environ.get("KIMDESK_FONT_DIRS", "").split(
        os.pathsep) if p]
    dirs.append(resource_path("fonts"))
    dirs.extend(Path(p).expanduser() for p in SYSTEM_DIRS)
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    return dirs


def find_font_file(filename: str) -> Path | None:
    for folder in font_dirs():
        candidate = folder / filename
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=16)
def face(script: str, bold: bool = False) -> Face:
    """The registered face for a script family ("Latn", "Arab", "Ethi")."""
    family_key = SCRIPT_FAMILY.get(script, "Latn")
    family, regular, bold_file = FAMILIES[family_key]
    filename = bold_file if bold else regular
    path = find_font_file(filename)
    if path is None and bold:
        return face(script, False)
    if path is None:
        raise FontMissingError(
            f"Die Schrift „{family}“ ({filename}) ist nicht installiert. Unter Debian/Ubuntu "
            "bitte das Paket fonts-noto-core installieren oder die Datei nach "
            "resources/fonts legen.")
    name = f"KIM-{filename.removesuffix('.ttf')}"
    rl = TTFont(name, str(path))
    pdfmetrics.registerFont(rl)
    blob = hb.Blob.from_file_path(str(path))
    hb_face = hb.Face(blob)
    font = hb.Font(hb_face)
    upem = hb_face.upem
    font.scale = (upem, upem)
    return Face(family_key, bold, name, path, rl, font, upem)


def available(script: str) -> bool:
    try:
        face(script)
    except FontMissingError:
        return False
    return True


def script_of_char(ch: str) -> str | None:
    """The script family a letter needs, or None for characters any font may carry."""
    cp = ord(ch)
    if 0x0600 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "Arab"
    if 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F:
        return "Ethi"
    if cp < 0x0250 or 0x0370 <= cp <= 0x052F or 0x1E00 <= cp <= 0x1FFF:
        return "Latn"
    return None


def face_for_char(ch: str, preferred: str, bold: bool) -> Face | None:
    """The first face that has the character, preferring its own script's family."""
    own = script_of_char(ch)
    order = [own] if own else []
    order += [preferred, *FALLBACK_ORDER]
    for script in dict.fromkeys(s for s in order if s):
        try:
            f = face(script, bold)
        except FontMissingError:
            continue
        if f.has(ch):
            return f
    return None

