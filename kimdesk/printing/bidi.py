"""Bidirectional text for one printed line: the implicit rules of the Unicode Bidi Algorithm.

Printed labels and names carry no explicit embedding controls, so the implicit part of
UAX #9 is enough: resolve weak types (W1–W7), neutrals (N1–N2), levels (I1–I2), reset
trailing whitespace (L1) and reorder runs (L2). Explicit controls and isolates are treated
as neutrals. Mirroring of brackets is left to HarfBuzz, which mirrors in right-to-left runs.
"""

import unicodedata

_STRONG = {"L", "R", "AL"}
_NEUTRAL = {"B", "S", "WS", "ON"}
_EXPLICIT = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN"}


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def first_strong_is_rtl(text: str) -> bool:
    """P2/P3: the paragraph direction follows its first strong character."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in ("R", "AL"):
            return True
        if cls == "L":
            return False
    return False


def _bidi_class(ch: str) -> str:
    cls = unicodedata.bidirectional(ch) or "L"
    return "ON" if cls in _EXPLICIT else cls


def resolve_levels(text: str, rtl_base: bool) -> list[int]:
    """Embedding level per character (even: left-to-right, odd: right-to-left)."""
    base = 1 if rtl_base else 0
    sos = "R" if base else "L"
    types = [_bidi_class(ch) for ch in text]
    n = len(types)

    # W1: a non-spacing mark takes the type of the character before it.
    prev = sos
    for i, t in enumerate(types):
        if t == "NSM":
            types[i] = prev
        prev = types[i]
    # W2: European digits after Arabic letters are Arabic digits; W3: AL becomes R.
    last_strong = sos
    for i, t in enumerate(types):
        if t in _STRONG:
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        left, mid, right = types[i - 1], types[i], types[i + 1]
        if mid == "ES" and left == right == "EN" or mid == "CS" and left == right and \
                left in ("EN", "AN"):
            types[i] = left
    # W5: terminators (%, €, #) next to European digits become digits.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6: remaining separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: European digits in a left-to-right context are treated as L.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    # N1/N2: neutrals between equal strong directions take that direction, else the base.
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = sos if i == 0 else _as_strong(types[i - 1])
            after = sos if j == n else _as_strong(types[j])
            fill = before if before == after else sos
            types[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1
    # I1/I2: levels from the resolved types.
    levels = []
    for t in types:
        if base % 2 == 0:
            levels.append(base + (1 if t == "R" else 2 if t in ("AN", "EN") else 0))
        else:
            levels.append(base + (1 if t in ("L", "EN", "AN") else 0))
    # L1: whitespace at the end of the line goes back to the base level.
    k = n - 1
    while k >= 0 and unicodedata.bidirectional(text[k]) in ("WS", "S", "B", "BN"):
        levels[k] = base
        k -= 1
    return levels


def _as_strong(t: str) -> str:
    return "R" if t in ("R", "AN", "EN") else "L"


def visual_order(items: list, levels: list[int]) -> list:
    """L2: reverse every sequence at or above each odd level, highest first."""
    order = list(range(len(items)))
    if not levels:
        return []
    highest = max(levels)
    lowest_odd = min(lv for lv in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return [items[k] for k in order]


def display_string(text: str, rtl_base: bool) -> str:
    """Characters in visual order (no shaping, no mirroring) — for tests and debugging."""
    levels = resolve_levels(text, rtl_base)
    return "".join(visual_order(list(text), levels))
