"""The case-work domain: pure Python services over the store — no Qt, no SQL for callers."""
