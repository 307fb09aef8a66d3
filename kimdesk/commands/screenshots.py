"""``kimdesk screenshots --out DIR``: every main screen of a demo store as PNG, offscreen.

Runs in a throw-away KIMDESK_HOME with a fresh demo profile (synthetic data), so no real
profile is ever opened or shown.
"""

import argparse
import os
import tempfile
from pathlib import Path

DEMO_PASSPHRASE = "demo-passphrase"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshots", help="Hauptansichten eines Demo-Datenbestands als PNG")
    p.add_argument("--out", type=Path, required=True, metavar="ORDNER")
    p.add_argument("--clients", type=int, default=400)
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=820)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("KIMDESK_HOME")
    with tempfile.TemporaryDirectory(prefix="kimdesk-shots-") as home:
        os.environ["KIMDESK_HOME"] = home
        try:
            files = _render(args, Path(home))
        finally:
            if previous is None:
                os.environ.pop("KIMDESK_HOME", None)
            else:
                os.environ["KIMDESK_HOME"] = previous
    for f in files:
        print(f)
    return 0


def _render(args: argparse.Namespace, home: Path) -> list[Path]:
    from kimdesk.casework.profiles import create_profile
    from kimdesk.demo.generator import DemoGenerator
    from kimdesk.store.key_slots import KdfParams
    from kimdesk.ui.app import make_application
    from kimdesk.ui.main_window import AppOptions, MainWindow
    from kimdesk.ui.screens import ScreenTour

    _profile, store, _key = create_profile("Case Management Goch (Demo)", "kleve",
                                           DEMO_PASSPHRASE, "Demo Case Management",
                                           kdf=KdfParams.fast())
    try:
        DemoGenerator(store, seed=1).generate(args.clients)
    finally:
        store.close()
    app = make_application()
    window = MainWindow(AppOptions(kdf=KdfParams.fast()))
    window.resize(args.width, args.height)
    window.show()
    app.processEvents()
    try:
        return ScreenTour(window, args.out).run(DEMO_PASSPHRASE, home / "beispiel.csv")
    finally:
        window.shutdown()
        window.close()
