"""CLI subcommand `kimdesk scrub`: propose anonymisation of a case reconstruction on stdin."""

from __future__ import annotations

import argparse
import json
import sys

from kimdesk.privacy import scrub


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `scrub` subcommand."""
    p = subparsers.add_parser(
        "scrub",
        description=(
            "Liest einen Text von der Standardeingabe, findet Namen, Daten, Adressen, "
            "Telefonnummern und weitere Kennungen und schlägt Ersetzungen vor."
        ),
    )
    p.add_argument(
        "--known",
        metavar="NAME",
        action="append",
        default=[],
        help="Name einer Person aus der Fallakte (mehrfach möglich)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="Fundstellen und Ergebnis als JSON ausgeben (Standard)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read stdin, print findings and the scrubbed text as JSON."""
    text = sys.stdin.read()
    result = scrub(text, known=list(args.known or []))
    payload = {
        "findings": [
            {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text,
             "proposal": f.proposal}
            for f in result.findings
        ],
        "text": result.text,
    }
    print(json.dumps(payload, ensure_ascii=False, indent=2 if args.json else None))
    return 0
