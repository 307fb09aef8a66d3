"""What several packages share: name folding, domain errors, vocabulary, periods, ages.

Pure Python with no I/O and no imports from the rest of ``kimdesk``, so every layer —
store, casework, privacy, printing, sync, the office — may depend on it.
"""
