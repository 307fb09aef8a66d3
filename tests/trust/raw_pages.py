"""Reading a store's files the way an attacker with the data key would: every page of the
database file and every frame of its WAL decrypted, live or free, so a test can grep them
for what an erasure must have removed.

SQLCipher 4 with a raw key: each page is AES-256-CBC encrypted with the key itself and a
random IV kept in the page's reserved tail (16 bytes IV, then a 64-byte HMAC); page 1 starts
with the 16-byte salt.
"""

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
WAL_HEADER, FRAME_HEADER = 32, 24


def _decrypt(key: bytes, page_no: int, page: bytes) -> bytes:
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    start = 16 if page_no == 1 else 0
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:PAGE - RESERVE]) + decryptor.finalize()


def database_pages(path: Path, key: bytes) -> Iterator[bytes]:
    data = path.read_bytes() if path.exists() else b""
    for n in range(len(data) // PAGE):
        yield _decrypt(key, n + 1, data[n * PAGE:(n + 1) * PAGE])


def wal_pages(path: Path, key: bytes) -> Iterator[bytes]:
    data = path.read_bytes() if path.exists() else b""
    at = WAL_HEADER
    while at + FRAME_HEADER + PAGE <= len(data):
        page_no = int.from_bytes(data[at:at + 4], "big")
        yield _decrypt(key, page_no, data[at + FRAME_HEADER:at + FRAME_HEADER + PAGE])
        at += FRAME_HEADER + PAGE


def plaintext(store_folder: Path, key: bytes) -> bytes:
    """Everything the database file and its WAL hold, decrypted, in one blob."""
    db = store_folder / "case-file.db"
    wal = store_folder / "case-file.db-wal"
    return b"".join([*database_pages(db, key), *wal_pages(wal, key)])


def raw(store_folder: Path) -> bytes:
    """The files as they lie on disk."""
    return b"".join(p.read_bytes() for p in sorted(store_folder.glob("case-file.db*")))
