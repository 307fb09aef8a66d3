"""``kimdesk screenshots --out DIR``: every screen and dialog of a demo store as PNG.

Runs offscreen in a throw-away KIMDESK_HOME with a fresh demo profile (synthetic data), so
no real profile is ever opened or shown. One folder per screen size: a 1366×768 laptop at
100 % and a 1920×1080 screen at 150 % (each size in a process of its own, as Qt's scale
factor is fixed when the application starts).
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DEMO_PASSPHRASE = "demo-passphrase"
CHILD = "import sys; from kimdesk.cli import main; sys.exit(main(sys.argv[1:]))"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshots")
    p.add_argument("--out", type=Path, required=True, metavar="ORDNER")
    p.add_argument("--clients", type=int, default=400)
    p.add_argument("--size", choices=("all", "1366x768", "1920x1080-150"), default="all",
                   help="Bildschirmgröße (Standard: beide)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kimdesk.ui.screens import SCREEN_SIZES

    sizes = list(SCREEN_SIZES) if args.size == "all" else [args.size]
    if len(sizes) > 1:
        for size in sizes:
            code = subprocess.call([sys.executable, "-c", CHILD, "screenshots",
                                    "--out", str(args.out), "--clients", str(args.clients),
                                    "--size", size])
            if code:
                return code
        return 0
    width, height, scale = SCREEN_SIZES[sizes[0]]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    out = args.out / sizes[0]
    out.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("KIMDESK_HOME")
    with tempfile.TemporaryDirectory(prefix="kimdesk-shots-") as home:
        os.environ["KIMDESK_HOME"] = home
        try:
            files = _render(args, Path(home), out, (width, height))
        finally:
            if previous is None:
                os.environ.pop("KIMDESK_HOME", None)
            else:
                os.environ["KIMDESK_HOME"] = previous
    for f in files:
        print(f)
    return 0


def _render(args: argparse.Namespace, home: Path, out: Path,
            size: tuple[int, int]) -> list[Path]:
    from kimdesk.casework.profiles import create_profile
    from kimdesk.demo.generator import DemoGenerator
    from kimdesk.store.key_slots import KdfParams
    from kimdesk.ui.app import make_application
    from kimdesk.ui.main_window import AppOptions, MainWindow
    from kimdesk.ui.screens import save_shots

    _profile, store, _key = create_profile("Case Management Goch (Demo)", "kleve",
                                           DEMO_PASSPHRASE, "Demo Case Management",
                                           kdf=KdfParams.fast())
    try:
        DemoGenerator(store, seed=1).generate(args.clients)
    finally:
        store.close()
    app = make_application()
    window = MainWindow(AppOptions(kdf=KdfParams.fast()))
    window.resize(*size)
    window.show()
    app.processEvents()
    try:
        return save_shots(window, out, DEMO_PASSPHRASE, home / "beispiel.csv")
    finally:
        window.shutdown()
        window.close()
