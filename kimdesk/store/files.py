"""The files of a store folder (named once; importable without the database libraries)."""

DB_NAME = "case-file.db"
KEY_FILE = "key-slots.json"
