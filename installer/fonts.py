"""The Noto font files a bundle carries, so printouts work where no Noto is installed
(Windows). Same families and file names as the printing code uses; OFL-1.1."""

import os
from pathlib import Path

#: the TrueType files kimdesk.printing.fonts.FAMILIES names (regular and bold per script)
FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
         "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
         "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf")
#: where a build machine has them: KIMDESK_FONT_DIRS first, then Debian's fonts-noto-core
SOURCES = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto",
           "/usr/share/fonts/noto")


def bundled_fonts() -> list[Path]:
    """Every file of FILES, found on this build machine; a missing one stops the build."""
    dirs = [Path(p) for p in os.environ.get("KIMDESK_FONT_DIRS", "").split(os.pathsep) if p]
    dirs += [Path(p) for p in SOURCES]
    found, missing = [], []
    for name in FILES:
        hit = next((d / name for d in dirs if (d / name).is_file()), None)
        (found if hit else missing).append(hit or name)
    if missing:
        raise SystemExit("Schriften für das Paket fehlen: " + ", ".join(map(str, missing))
                         + " (Debian: fonts-noto-core; sonst Ordner in KIMDESK_FONT_DIRS).")
    return found
