"""Encrypted storage: SQLCipher engine, key slots, ORM models, migrations, integrity.

Imports nothing from the other KIMdesk packages; everything above builds on it.
"""
