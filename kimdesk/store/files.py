"""The files of a store folder (named once; importable without the database libraries)."""

from pathlib import Path

DB_NAME = "case-file.db"
KEY_FILE = "key-slots.json"


def is_store(folder: Path) -> bool:
    """Does the folder hold a store (its key slots and its database)?"""
    return (Path(folder) / KEY_FILE).exists() and (Path(folder) / DB_NAME).exists()
