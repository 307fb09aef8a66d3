"""``kimdesk demo``: start KIMdesk on a demo store full of synthetic cases.

The demo store is created on first use (passphrase ``demo-passphrase``; the data is
synthetic, so the passphrase is printed here on purpose).
"""

import argparse
from pathlib import Path

from kimdesk.casework.profiles import create_store
from kimdesk.config import DEMO_PASSPHRASE, demo_store_dir
from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.case_store import CaseStore
from kimdesk.store.files import is_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo")
    p.add_argument("--store", type=Path, default=None, help="Ordner (Standard: Demo-Ordner)")
    p.add_argument("--district", default="kleve")
    p.add_argument("--clients", type=int, default=400)
    p.add_argument("--no-gui", action="store_true", help="nur anlegen, nicht starten")
    p.set_defaults(func=run)


def ensure_demo_store(folder: Path, district: str, clients: int) -> None:
    if is_store(folder):
        return
    print(f"Lege Demo-Datenbestand an ({clients} synthetische Klient*innen) …")
    store, _ = create_store(folder, district, DEMO_PASSPHRASE, "Demo Case Management")
    try:
        DemoGenerator(store, seed=1).generate(clients)
    finally:
        store.close()


def run(args: argparse.Namespace) -> int:
    folder = args.store or demo_store_dir()
    ensure_demo_store(folder, args.district, args.clients)
    print(f"Demo-Datenbestand: {folder} — Passphrase: {DEMO_PASSPHRASE}")
    if args.no_gui:
        return 0
    try:
        from kimdesk.ui.app import run_app
    except ImportError:
        store = CaseStore.open(folder, passphrase=DEMO_PASSPHRASE)
        from kimdesk.store.stats import entity_counts

        counts = entity_counts(store)
        store.close()
        print(f"(Die Oberfläche ist noch nicht eingebaut.) Der Demo-Datenbestand enthält "
              f"{counts['clients']} Klient*innen und {counts['cases']} Fälle.")
        return 0
    return run_app(demo_folder=folder, demo_passphrase=DEMO_PASSPHRASE)
