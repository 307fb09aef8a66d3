"""``kimdesk --self-test`` (also ``kimdesk self-test``): does this installation work?

Exit 0 only when every resource is there and every step worked; otherwise exit 1 and one
German line per problem, naming what is missing. Meant for the frozen bundle above all:
the build runs it, the MSI's smoke test runs it, IT can run it after a rollout.
"""

import argparse
import contextlib
import os
import sys
import time
import traceback
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-test", help="Selbsttest dieser Installation (Ressourcen, "
                                         "Datenbestand, Druck, Kennzahlen, Oberfläche)")
    p.add_argument("--open-desk", type=Path, metavar="PROFIL", default=None,
                   help=argparse.SUPPRESS)  # benchmarks: unlock this profile, then exit
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.open_desk is not None:
        return _open_desk(args.open_desk)
    import faulthandler

    # a crash of the self-test (synthetic data only) names where every thread was
    faulthandler.enable(all_threads=True)
    with contextlib.suppress(AttributeError, ValueError):  # and which steps had passed
        sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    import kimdesk
    from kimdesk.selftest.resources import missing_resources

    print(f"KIMdesk {kimdesk.__version__} – Selbsttest", flush=True)
    problems = missing_resources()
    if problems:
        for problem in problems:
            print(f"FEHLT: {problem}", file=sys.stderr)
        print(f"Selbsttest fehlgeschlagen: {len(problems)} Bestandteile fehlen oder sind "
              "beschädigt (siehe oben). Bitte KIMdesk neu installieren.", file=sys.stderr)
        return 1
    print("ok  Ressourcen vollständig (Schriften, Namenslisten, Kataloge, Migrationen, "
          "Qt-Plugins, Schlüsselbund)")
    return _steps()


def _steps() -> int:
    from kimdesk.selftest.steps import STEPS, Context, SelfTestFailure, throwaway_home

    started = time.perf_counter()
    with throwaway_home() as home:
        ctx = Context(home)
        try:
            for label, step in STEPS:
                try:
                    said = step(ctx)
                except SelfTestFailure as exc:
                    print(f"Selbsttest fehlgeschlagen ({label}): {exc}", file=sys.stderr)
                    return 1
                except Exception as exc:  # noqa: BLE001 - report any failure as German text
                    if os.environ.get("KIMDESK_DEBUG"):
                        traceback.print_exc()
                    print(f"Selbsttest fehlgeschlagen ({label}): {_german(exc)}",
                          file=sys.stderr)
                    return 1
                print(f"ok  {said}")
        finally:
            if ctx.store is not None:
                ctx.store.close()
    print(f"Selbsttest bestanden ({time.perf_counter() - started:.1f} s).")
    return 0


def _german(exc: BaseException) -> str:
    """The exception's own German sentence where it has one, else its kind."""
    from kimdesk.core.errors import DomainError
    from kimdesk.store.errors import StoreError

    if isinstance(exc, (DomainError, StoreError)):
        return str(exc)
    if isinstance(exc, ImportError):
        which = f" ({exc.name})" if exc.name else ""
        return (f"eine Programmbibliothek{which} fehlt oder ist beschädigt (Einzelheiten mit "
                "KIMDESK_DEBUG=1)")
    if isinstance(exc, FileNotFoundError):
        return f"Datei {exc.filename} fehlt"
    return f"unerwarteter Fehler ({type(exc).__name__})"


def _open_desk(folder: Path) -> int:
    """Start the desk on a profile, unlock it with KIMDESK_PASSPHRASE and exit once Heute
    is loaded: the benchmark times this whole process (start to unlocked desk)."""
    from PySide6.QtWidgets import QApplication

    from kimdesk.process_guard import take_secret
    from kimdesk.ui.app import demo_profile, make_application
    from kimdesk.ui.main_window import AppOptions, MainWindow

    app = make_application()
    window = MainWindow(AppOptions(demo_profile=demo_profile(folder),
                                   demo_passphrase=take_secret("KIMDESK_PASSPHRASE") or ""))
    window.show()
    window.unlock_view.submit()
    deadline = time.monotonic() + 120
    unlocked = False
    while not unlocked and time.monotonic() < deadline and not window.unlock_view.failures:
        idle = window.runner.wait_idle(0.05)
        QApplication.processEvents()
        unlocked = idle and window.state() == "work"
    window.shutdown()
    window.close()
    app.processEvents()
    if not unlocked:
        print(f"Die Oberfläche ließ sich nicht entsperren. {window.unlock_view.error.text()}",
              file=sys.stderr)
        return 1
    print("entsperrt")
    return 0
