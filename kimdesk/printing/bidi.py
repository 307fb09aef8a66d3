"""Bidirectional text for printed lines: the Unicode Bidirectional Algorithm (UAX #9).

The whole algorithm, so that names and labels copied from documents come out right even
when they carry explicit embeddings, isolates (U+2066–2069) or brackets: paragraph level
(P2–P3), explicit levels and directions (X1–X10), weak types (W1–W7), paired brackets (N0),
neutrals (N1–N2), implicit levels (I1–I2), trailing whitespace (L1) and reordering (L2).
Checked against the Unicode conformance files (``tests/printing/bidi_conformance.py``).
Mirroring of glyphs is left to HarfBuzz, which mirrors in right-to-left runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kimdesk.printing.bidi_brackets import CANONICAL, CLOSING_TO_OPENING, OPENING_TO_CLOSING

MAX_DEPTH = 125
_STRONG = frozenset({"L", "R", "AL"})
_ISOLATE_INITIATORS = frozenset({"LRI", "RLI", "FSI"})
_EMBEDDINGS = frozenset({"LRE", "RLE", "LRO", "RLO"})
_REMOVED = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "BN"})  # X9
_NEUTRAL_OR_ISOLATE = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})


def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def has_rtl(text: str) -> bool:
    return any(bidi_class(ch) in ("R", "AL") for ch in text)


def _first_strong(classes: Sequence[str], start: int = 0, end: int | None = None) -> str | None:
    """P2: the first L, R or AL, skipping characters between an isolate initiator and its
    matching PDI (or the end)."""
    depth = 0
    for cls in classes[start:end]:
        if cls in _ISOLATE_INITIATORS:
            depth += 1
        elif cls == "PDI":
            if depth:
                depth -= 1
        elif cls == "B":
            if depth == 0:
                return None
        elif depth == 0 and cls in _STRONG:
            return cls
    return None


def first_strong_is_rtl(text: str) -> bool:
    """P2/P3: the paragraph direction follows its first strong character."""
    return _first_strong([bidi_class(ch) for ch in text]) in ("R", "AL")


@dataclass
class _Entry:
    level: int
    override: str  # "", "L" or "R"
    isolate: bool


def _matching_pdi(classes: Sequence[str], start: int) -> int | None:
    """Index of the PDI that closes the isolate initiator at ``start``."""
    depth = 1
    for i in range(start + 1, len(classes)):
        cls = classes[i]
        if cls in _ISOLATE_INITIATORS:
            depth += 1
        elif cls == "PDI":
            depth -= 1
            if depth == 0:
                return i
        elif cls == "B":
            return None
    return None


def _explicit(classes: list[str], para: int) -> list[int]:
    """X1–X8: levels; ``classes`` is updated with the overrides."""
    n = len(classes)
    levels = [para] * n
    stack = [_Entry(para, "", False)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i in range(n):
        cls = classes[i]
        top = stack[-1]
        if cls in _EMBEDDINGS:
            levels[i] = top.level
            rtl = cls in ("RLE", "RLO")
            new = (top.level + 1) | 1 if rtl else (top.level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                override = {"LRO": "L", "RLO": "R"}.get(cls, "")
                stack.append(_Entry(new, override, False))
            elif overflow_isolates == 0:
                overflow_embeddings += 1
        elif cls in _ISOLATE_INITIATORS:
            levels[i] = top.level
            if top.override:
                classes[i] = top.override
            if cls == "FSI":
                end = _matching_pdi(classes, i)
                rtl = _first_strong(classes, i + 1, end) in ("R", "AL")
            else:
                rtl = cls == "RLI"
            new = (top.level + 1) | 1 if rtl else (top.level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                valid_isolates += 1
                stack.append(_Entry(new, "", True))
            else:
                overflow_isolates += 1
        elif cls == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1].isolate:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            top = stack[-1]
            levels[i] = top.level
            if top.override:
                classes[i] = top.override
        elif cls == "PDF":
            levels[i] = top.level
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not top.isolate and len(stack) >= 2:
                stack.pop()
        elif cls == "B":
            levels[i] = para
        elif cls == "BN":
            levels[i] = top.level
        else:
            levels[i] = top.level
            if top.override:
                classes[i] = top.override
    return levels


def _run_sequences(original: list[str], levels: list[int], kept: list[int]
                   ) -> list[list[int]]:
    """X10 (BD13): isolating run sequences over the characters X9 keeps (isolate initiators
    and PDIs recognised by their original class)."""
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_of = {run[0]: run for run in runs}
    pdi_starts = set()
    for run in runs:
        last = run[-1]
        if original[last] in _ISOLATE_INITIATORS:
            end = _matching_pdi(original, last)
            if end is not None:
                pdi_starts.add(end)
    sequences: list[list[int]] = []
    for run in runs:
        if run[0] in pdi_starts:
            continue  # continues the sequence of its isolate initiator
        sequence = list(run)
        while original[sequence[-1]] in _ISOLATE_INITIATORS:
            end = _matching_pdi(original, sequence[-1])
            if end is None or end not in run_of:
                break
            sequence.extend(run_of[end])
        sequences.append(sequence)
    return sequences


def _resolve_weak(seq: list[int], types: list[str], sos: str) -> None:
    """W1–W7 on one isolating run sequence."""
    prev = sos
    for i in seq:  # W1
        if types[i] == "NSM":
            types[i] = "ON" if prev in _ISOLATE_INITIATORS or prev == "PDI" else prev
        prev = types[i]
    strong = sos
    for i in seq:  # W2
        t = types[i]
        if t in _STRONG:
            strong = t
        elif t == "EN" and strong == "AL":
            types[i] = "AN"
    for i in seq:  # W3
        if types[i] == "AL":
            types[i] = "R"
    for k in range(1, len(seq) - 1):  # W4
        a, b, c = types[seq[k - 1]], types[seq[k]], types[seq[k + 1]]
        if b == "ES" and a == c == "EN" or b == "CS" and a == c and a in ("EN", "AN"):
            types[seq[k]] = a
    k = 0
    while k < len(seq):  # W5
        if types[seq[k]] == "ET":
            j = k
            while j < len(seq) and types[seq[j]] == "ET":
                j += 1
            if (k > 0 and types[seq[k - 1]] == "EN") or (j < len(seq) and types[seq[j]] == "EN"):
                for m in range(k, j):
                    types[seq[m]] = "EN"
            k = j
        else:
            k += 1
    for i in seq:  # W6
        if types[i] in ("ES", "ET", "CS"):
            types[i] = "ON"
    strong = sos
    for i in seq:  # W7
        t = types[i]
        if t in ("L", "R"):
            strong = t
        elif t == "EN" and strong == "L":
            types[i] = "L"


def _strong_of(t: str) -> str | None:
    """For N0–N2 European and Arabic numbers count as R."""
    if t == "L":
        return "L"
    if t in ("R", "EN", "AN"):
        return "R"
    return None


def _bracket_pairs(seq: list[int], types: list[str], text: str) -> list[tuple[int, int]]:
    """BD16: paired brackets (positions in ``seq``), sorted by their opening bracket."""
    stack: list[tuple[int, int]] = []  # (closing code point, position)
    pairs: list[tuple[int, int]] = []
    for pos, i in enumerate(seq):
        if types[i] != "ON":
            continue
        cp = CANONICAL.get(ord(text[i]), ord(text[i]))
        if cp in OPENING_TO_CLOSING:
            if len(stack) == 63:
                return sorted(pairs)
            stack.append((CANONICAL.get(OPENING_TO_CLOSING[cp], OPENING_TO_CLOSING[cp]), pos))
        elif cp in CLOSING_TO_OPENING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == cp:
                    pairs.append((stack[depth][1], pos))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(seq: list[int], types: list[str], text: str, level: int,
                      sos: str, original: list[str]) -> None:
    """N0: a bracket pair takes the embedding direction if it holds a strong type of it,
    else the other direction if that also stands before it."""
    embedding = "R" if level % 2 else "L"
    for open_pos, close_pos in _bracket_pairs(seq, types, text):
        inside = {_strong_of(types[seq[p]]) for p in range(open_pos + 1, close_pos)} - {None}
        if not inside:
            continue
        if embedding in inside:
            direction = embedding
        else:
            before = sos
            for p in range(open_pos - 1, -1, -1):
                s = _strong_of(types[seq[p]])
                if s is not None:
                    before = s
                    break
            direction = before if before != embedding else embedding
        for p in (open_pos, close_pos):
            types[seq[p]] = direction
            for q in range(p + 1, len(seq)):  # NSMs after a bracket follow it (W1)
                if original[seq[q]] != "NSM":
                    break
                types[seq[q]] = direction


def _resolve_neutrals(seq: list[int], types: list[str], level: int, sos: str,
                      eos: str) -> None:
    """N1–N2: neutrals between the same strong direction take it, else the embedding one."""
    embedding = "R" if level % 2 else "L"
    k = 0
    while k < len(seq):
        if types[seq[k]] in _NEUTRAL_OR_ISOLATE:
            j = k
            while j < len(seq) and types[seq[j]] in _NEUTRAL_OR_ISOLATE:
                j += 1
            before = sos if k == 0 else _strong_of(types[seq[k - 1]])
            after = eos if j == len(seq) else _strong_of(types[seq[j]])
            fill = before if before == after and before is not None else embedding
            for m in range(k, j):
                types[seq[m]] = fill
            k = j
        else:
            k += 1


def _resolve_paragraph(text: str, rtl_base: bool | None) -> list[int]:
    original = [bidi_class(ch) for ch in text]
    if rtl_base is None:
        para = 1 if _first_strong(original) in ("R", "AL") else 0
    else:
        para = 1 if rtl_base else 0
    types = list(original)
    levels = _explicit(types, para)
    kept = [i for i, cls in enumerate(original) if cls not in _REMOVED]
    n = len(text)
    embedding = list(levels)  # the explicit levels; I1/I2 below change ``levels``
    for seq in _run_sequences(original, embedding, kept):
        level = embedding[seq[0]]
        first, last = seq[0], seq[-1]
        before = next((embedding[i] for i in range(first - 1, -1, -1)
                       if original[i] not in _REMOVED), para)
        if original[last] in _ISOLATE_INITIATORS:  # one without its PDI ends the sequence
            after = para
        else:
            after = next((embedding[i] for i in range(last + 1, n)
                          if original[i] not in _REMOVED), para)
        sos = "R" if max(before, level) % 2 else "L"
        eos = "R" if max(after, level) % 2 else "L"
        _resolve_weak(seq, types, sos)
        _resolve_brackets(seq, types, text, level, sos, original)
        _resolve_neutrals(seq, types, level, sos, eos)
        for i in seq:  # I1, I2
            t = types[i]
            if level % 2 == 0:
                levels[i] = level + (1 if t == "R" else 2 if t in ("AN", "EN") else 0)
            else:
                levels[i] = level + (1 if t in ("L", "EN", "AN") else 0)
    # L1: separators, and whitespace and isolate formatting before them or the line's end,
    # back to the paragraph level (removed characters among them too)
    trailing = True
    for i in range(n - 1, -1, -1):
        cls = original[i]
        if cls in ("S", "B"):
            levels[i] = para
            trailing = True
        elif trailing and (cls in ("WS", "FSI", "LRI", "RLI", "PDI") or cls in _REMOVED):
            levels[i] = para
        else:
            trailing = False
    # characters X9 removed (invisible) take the level of the one before them, for drawing
    for i in range(n):
        if original[i] in _REMOVED:
            levels[i] = levels[i - 1] if i else para
    return levels


def resolve_levels(text: str, rtl_base: bool | None) -> list[int]:
    """Embedding level per character (even: left-to-right, odd: right-to-left).

    ``rtl_base``: the paragraph direction, or None to take it from the first strong
    character. Each paragraph (ended by a paragraph separator) is resolved on its own."""
    out: list[int] = []
    start = 0
    for i, ch in enumerate(text):
        if bidi_class(ch) == "B":
            out += _resolve_paragraph(text[start: i + 1], rtl_base)
            start = i + 1
    if start < len(text) or not text:
        out += _resolve_paragraph(text[start:], rtl_base)
    return out


def visual_order(items: Sequence[Any], levels: Sequence[int]) -> list[Any]:
    """L2: reverse every sequence at or above each odd level, highest first."""
    order = list(range(len(items)))
    if not levels:
        return []
    highest = max(levels)
    lowest_odd = min(levels) | 1
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
