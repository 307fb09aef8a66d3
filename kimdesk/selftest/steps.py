"""The walk through the app: each step does real work on a throwaway encrypted store.

Runs in a temporary KIMDESK_HOME (so no real profile is read or shown) with a fast KDF;
the store is encrypted like any other and removed at the end. The desk runs offscreen.
"""

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

PASSPHRASE = "selbsttest-passphrase"
SAMPLE = ("Frau Amal Haddad (geb. 03.04.1985) wohnt in der Hauptstraße 5 in Kleve und ist "
          "unter 0151 2345678 erreichbar.")


class SelfTestFailure(Exception):
    """A step failed; ``str()`` is the German sentence."""


@dataclass
class Context:
    home: Path
    store: Any = None
    profile: Any = None
    client_id: int = 0
    notes: list[str] = field(default_factory=list)


Step = Callable[[Context], str]


@contextmanager
def throwaway_home() -> Iterator[Path]:
    previous = os.environ.get("KIMDESK_HOME")
    with tempfile.TemporaryDirectory(prefix="kimdesk-selbsttest-") as home:
        os.environ["KIMDESK_HOME"] = home
        try:
            yield Path(home)
        finally:
            if previous is None:
                os.environ.pop("KIMDESK_HOME", None)
            else:
                os.environ["KIMDESK_HOME"] = previous


def create_store(ctx: Context) -> str:
    from kimdesk.casework.profiles import create_profile
    from kimdesk.store.key_slots import KdfParams

    ctx.profile, ctx.store, _recovery = create_profile(
        "Selbsttest", "kleve", PASSPHRASE, "Selbsttest", kdf=KdfParams.fast())
    head = _revision(ctx.store)
    return f"verschlüsselter Datenbestand angelegt (Schema {head})"


def write_and_read_client(ctx: Context) -> str:
    from kimdesk.casework.cases import CaseService
    from kimdesk.casework.clients import ClientService
    from kimdesk.casework.plans import PlanService

    clients = ClientService(ctx.store, actor="Selbsttest")
    ctx.client_id = clients.create("Haddad", given_names="Amal", birth_date="03.04.1985",
                                   languages=["ar"], municipality_id="kleve-kleve")
    clients.give_consent(ctx.client_id, "documentation", date.today())  # goals need it
    case_id = CaseService(ctx.store).open_case(ctx.client_id, "case_management",
                                               date.today().strftime("%d.%m.%Y"))
    plans = PlanService(ctx.store)
    goal = plans.add_goal(case_id, "Amal besucht einen Integrationskurs und erreicht B1.",
                          life_area="language")
    plans.add_step(goal, "Anmeldung beim Sprachkursträger", "Amal Haddad", "")
    hits = clients.search("amal hadad")
    if not hits or hits[0].id != ctx.client_id or clients.get(ctx.client_id).family_name \
            != "Haddad":
        raise SelfTestFailure("Die angelegte Person wurde nicht wiedergefunden.")
    return "Person angelegt, gesucht und gelesen"


def print_arabic_plan(ctx: Context) -> str:
    from kimdesk.casework import printouts

    printed = printouts.prepare_plan(ctx.store, ctx.client_id, "ar")
    pdf = printed.pdf
    if not pdf.startswith(b"%PDF") or b"NotoSansArabic" not in pdf:
        raise SelfTestFailure("Der zweisprachige Plan (Arabisch) enthält die arabische "
                              "Schrift nicht.")
    return f"zweisprachiger Plan (Deutsch/Arabisch) gedruckt ({len(pdf) // 1024} KB)"


def build_aggregates(ctx: Context) -> str:
    from kimdesk.privacy.payload import sync_builder

    payload = sync_builder(ctx.store, date.today())
    if not payload or not payload.get("tables"):
        raise SelfTestFailure("Die anonymisierten Kennzahlen wurden nicht erzeugt.")
    return f"anonymisierte Kennzahlen erzeugt ({len(payload['tables'])} Tabellen)"


def scrub_sample(ctx: Context) -> str:
    from kimdesk.privacy import scrub

    result = scrub(SAMPLE, known=["Amal Haddad"])
    leaks = [word for word in ("Haddad", "1985", "2345678", "Hauptstraße")
             if word in result.text]
    if leaks:
        raise SelfTestFailure("Die Anonymisierung hat personenbezogene Angaben übersehen: "
                              + ", ".join(leaks) + ".")
    return f"Beispieltext anonymisiert ({len(result.findings)} Fundstellen)"


def check_store(ctx: Context) -> str:
    from kimdesk.store.integrity import check_store as integrity

    problems = integrity(ctx.store)
    if problems:
        raise SelfTestFailure("Die Prüfung des Datenbestands meldet: " + " ".join(problems))
    ctx.store.close()
    ctx.store = None
    return "Datenbestand geprüft: in Ordnung"


def render_desk(ctx: Context) -> str:
    """Unlock the profile in the real main window (offscreen) and render the main screens."""
    from PySide6.QtWidgets import QApplication

    from kimdesk.store.key_slots import KdfParams
    from kimdesk.ui.app import make_application
    from kimdesk.ui.main_window import AppOptions, MainWindow

    app = make_application()
    window = MainWindow(AppOptions(kdf=KdfParams.fast(), demo_profile=ctx.profile,
                                   demo_passphrase=PASSPHRASE,
                                   sync_start_ms=0))  # the sync machinery loads too
    failures: list[str] = []
    window.runner.failed.connect(lambda message: failures.append(str(message)))
    window.resize(1366, 697)
    window.show()
    try:
        window.unlock_view.submit()
        _wait(window, lambda: window.state() == "work", "Die Oberfläche ließ sich nicht "
                                                        "entsperren.")
        ws = window.workspace
        if ws is None:
            raise SelfTestFailure("Die Oberfläche ließ sich nicht entsperren.")
        # one thing at a time: the editing libraries (loaded on the task runner after
        # Heute) before the screens import theirs on this thread — a frozen bundle's
        # importer is the part least tried with two threads importing at once
        _wait(window, lambda: window.store_libraries == "loaded" and _sync_settled(window),
              "Die Oberfläche lud ihre Bibliotheken nicht.")
        shown = []
        for name, show in (("Heute", ws.show_today), ("Klient*innen", ws.show_clients),
                           ("Akte", lambda: ws.open_client(ctx.client_id)),
                           ("Versorgungssystem", ws.show_directory),
                           ("Import", ws.show_import), ("Statistik", ws.show_statistics),
                           ("Abgleich", ws.show_sync)):
            show()
            _wait(window, lambda: True, "")
            if failures:
                raise SelfTestFailure(f"Die Ansicht „{name}“ meldet: {failures[0]}")
            image = window.grab().toImage()
            if image.isNull() or image.width() < 600 or _blank(image):
                raise SelfTestFailure(f"Die Ansicht „{name}“ wurde nicht gezeichnet.")
            shown.append(name)
        # the sync worker's first round (it imports the payload builders: numpy, scipy)
        # ends before the window closes — a process that exits while a daemon thread is
        # still importing can crash on its way out (seen once under load: SIGSEGV)
        _wait(window, lambda: _sync_settled(window), "Der Abgleich kam nicht zur Ruhe.")
        return f"Oberfläche entsperrt, {len(shown)} Ansichten gezeichnet ({', '.join(shown)})"
    finally:
        window.shutdown()
        window.close()
        app.processEvents()
        QApplication.processEvents()


def _sync_settled(window: Any) -> bool:
    worker = window.sync_worker
    return worker is None or worker.rounds >= 1 or worker.resting.is_set() or \
        not worker.running


def _wait(window: Any, done: Callable[[], bool], failure: str, limit_s: float = 120) -> None:
    """Let the task runner and the event loop finish; the limit only guards a hang."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + limit_s
    while True:
        window.runner.wait_idle(0.2)
        QApplication.processEvents()
        if done() and window.runner.wait_idle(0):
            return
        if time.monotonic() > deadline:
            raise SelfTestFailure(failure or "Die Oberfläche antwortet nicht.")


def _blank(image: Any) -> bool:
    """True when every sampled pixel has one colour (nothing drawn)."""
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 29)}
    return len(colours) < 3


def _revision(store: Any) -> str:
    from kimdesk.store import migrate

    with store.engine.connect() as conn:
        return migrate.current_revision(conn) or "?"


STEPS: tuple[tuple[str, Step], ...] = (
    ("Datenbestand", create_store),
    ("Person", write_and_read_client),
    ("Druck", print_arabic_plan),
    ("Kennzahlen", build_aggregates),
    ("Anonymisierung", scrub_sample),
    ("Prüfung", check_store),
    ("Oberfläche", render_desk),
)
