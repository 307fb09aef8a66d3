"""UUIDv7 (RFC 9562): time-ordered ids made on the device, used by the office to drop
duplicates. Python 3.11 has no ``uuid.uuid7``, so it is built here."""

import os
import re
import threading
import time
import uuid

_lock = threading.Lock()
_last = [0, 0]  # last millisecond, last 12-bit counter

UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def uuid7() -> str:
    """A new UUIDv7 string; monotonic within this process."""
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last[0]:
            ms = _last[0]
            counter = _last[1] + 1
            if counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                ms += 1
                counter = 0
        else:
            counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last[0], _last[1] = ms, counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return str(uuid.UUID(int=value))


def is_uuid7(text: str) -> bool:
    return isinstance(text, str) and re.fullmatch(UUID_PATTERN, text) is not None


def uuid7_millis(text: str) -> int:
    """The creation time (Unix milliseconds) inside a UUIDv7."""
    return uuid.UUID(text).int >> 80
