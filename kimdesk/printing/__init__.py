"""Printed documents rendered with reportlab from read-models (no database, no Qt).

``read_models`` says what a printout shows; ``plan``, ``consent``, ``slip``, ``export``
render them on the letter frame (``letter``, ``flowables``) with shaped, bidirectional text
(``fonts``, ``shaping``, ``bidi``) and translated labels (``labels``). The case file
assembles the read-models and records each hand-out: :mod:`kimdesk.casework.printouts`.
"""
