"""Lines of text in any of the supported scripts: font choice, bidi, HarfBuzz shaping.

A line is cut into runs of one font and one bidi level; each run is shaped by HarfBuzz
(joining forms, ligatures, mark positions, mirrored brackets in right-to-left runs) and
the runs are put in visual order. The glyphs are then drawn as ordinary reportlab text,
so the font subset is embedded as usual and text stays searchable where the font maps
the glyph to a character.
"""

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import uharfbuzz as hb
from reportlab.pdfgen.canvas import Canvas

from kimdesk.printing import bidi
from kimdesk.printing.fonts import Face, face, face_for_char

#: shown instead of a character no installed font has — never an empty box
REPLACEMENT = "?"


@dataclass(frozen=True)
class Glyph:
    char: str  # the character reportlab embeds for this glyph
    advance: float  # in 1/1000 em
    x_offset: float
    y_offset: float
    nominal: float  # the advance reportlab will use for the char, 1/1000 em


@dataclass(frozen=True)
class Run:
    face: Face
    glyphs: tuple[Glyph, ...]

    @property
    def advance(self) -> float:
        return sum(g.advance for g in self.glyphs)


@dataclass
class ShapedLine:
    runs: list[Run] = field(default_factory=list)

    def width(self, size: float) -> float:
        return sum(r.advance for r in self.runs) * size / 1000

    def draw(self, canvas: Canvas, x: float, y: float, size: float) -> None:
        pen = x
        scale = size / 1000
        for run in self.runs:
            canvas.setFont(run.face.name, size)
            chunk, chunk_x = "", pen
            for g in run.glyphs:
                simple = (not g.x_offset and not g.y_offset and abs(g.advance - g.nominal) < 0.5)
                if simple:
                    if not chunk:
                        chunk_x = pen
                    chunk += g.char
                else:
                    if chunk:
                        canvas.drawString(chunk_x, y, chunk)
                        chunk = ""
                    canvas.drawString(pen + g.x_offset * scale, y + g.y_offset * scale, g.char)
                pen += g.advance * scale
            if chunk:
                canvas.drawString(chunk_x, y, chunk)


def _face_per_char(text: str, script: str, bold: bool) -> list[Face | None]:
    out: list[Face | None] = []
    preferred = face(script, bold)
    prev: Face | None = None
    for ch in text:
        cat = unicodedata.category(ch)
        if prev is not None and cat in ("Mn", "Me", "Cf") and (prev.has(ch) or cat == "Cf"):
            chosen: Face | None = prev
        elif cat.startswith("L") or cat.startswith("M"):
            chosen = face_for_char(ch, script, bold)
        elif prev is not None and prev.has(ch):
            chosen = prev
        elif preferred.has(ch):
            chosen = preferred
        else:
            chosen = face_for_char(ch, script, bold)
        out.append(chosen)
        if chosen is not None:
            prev = chosen
    return out


@lru_cache(maxsize=4096)
def shape(text: str, script: str = "Latn", rtl: bool = False, bold: bool = False,
          language: str = "") -> ShapedLine:
    """Shape one line. ``script`` picks the preferred font, ``rtl`` the base direction."""
    faces = _face_per_char(text, script, bold)
    if any(f is None for f in faces):
        text = "".join(REPLACEMENT if f is None else ch for ch, f in zip(text, faces,
                                                                          strict=True))
        faces = [f or face("Latn", bold) for f in faces]
    levels = bidi.resolve_levels(text, rtl) if (rtl or bidi.has_rtl(text)) else [0] * len(text)
    # runs of equal face and level, logical order
    pieces: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or faces[i] is not faces[start] or levels[i] != levels[start]:
            pieces.append((start, i))
            start = i
    runs = [_shape_run(text[a:b], faces[a], levels[a] % 2 == 1, language)  # type: ignore[arg-type]
            for a, b in pieces]
    run_levels = [levels[a] for a, _ in pieces]
    return ShapedLine(bidi.visual_order(runs, run_levels))


def _shape_run(text: str, f: Face, rtl: bool, language: str) -> Run:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if language:
        buf.language = language
    # Kerning only where the script needs it: elsewhere nominal advances keep runs as one
    # string in the PDF, which keeps copied and searched text whole.
    hb.shape(f.hb_font, buf, {"kern": f.script == "Arab", "liga": True})
    to_pdf = 1000 / f.upem
    glyphs = []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        advance = pos.x_advance * to_pdf
        char = f.char_for_glyph(info.codepoint, advance)
        nominal = f.rl.face.charWidths.get(ord(char), advance)
        glyphs.append(Glyph(char, advance, pos.x_offset * to_pdf, pos.y_offset * to_pdf,
                            nominal))
    return Run(f, tuple(glyphs))


def text_width(text: str, size: float, script: str = "Latn", rtl: bool = False,
               bold: bool = False, language: str = "") -> float:
    return shape(text, script, rtl, bold, language).width(size)


def wrap(text: str, width: float, size: float, script: str = "Latn", rtl: bool = False,
         bold: bool = False, language: str = "") -> list[str]:
    """Break text (logical order) into lines no wider than ``width``; words never split
    unless a single word is wider than the line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = words[0]
        for word in words[1:]:
            candidate = f"{current} {word}"
            if text_width(candidate, size, script, rtl, bold, language) <= width:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines
