"""A tour through every screen and dialog of the desk.

``kimdesk screenshots`` saves each stop as PNG; the fit and keyboard tests walk the same
tour, so a screen added here is checked for fit and mnemonics too.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.ui.akte.person_tabs import MasterDataTab
from kimdesk.ui.akte.work_tabs import ContactsTab
from kimdesk.ui.client_file import TABS
from kimdesk.ui.desk import Desk
from kimdesk.ui.main_window import MainWindow

SAMPLE_CSV = ("Nachname;Vorname;Geburtsdatum;Kommune;Staatsangehörigkeit;Fallart\n"
              "Nowak;Jan;01.02.1980;Goch;Polen;Kurzintervention\n"
              "Petrova;Olena;1975;Kleve;ukrainisch;Prozesshafte Begleitung\n"
              "Haidari;Zahra;03.1992;Weeze;Afghanistan;\n")

#: the usable window area (logical pixels) on the screens the desk must fit: a 1366×768
#: laptop at 100 % and a 1920×1080 screen at 150 %, less a 40 px task bar and a title bar
SCREEN_SIZES = {"1366x768": (1366, 697, 1.0), "1920x1080-150": (1280, 649, 1.5)}

#: what the tour calls at each stop: (name, the window or dialog on screen)
Visit = Callable[[str, QWidget], None]


class ScreenTour:
    def __init__(self, window: MainWindow, visit: Visit) -> None:
        self.window, self.visit = window, visit

    def settle(self) -> None:
        for _ in range(3):
            self.window.runner.wait_idle(300)
            QApplication.processEvents()

    def settle_until(self, ready: Callable[[], bool], guard_s: float = 120.0) -> None:
        """Settle until ``ready()`` holds (at most ``guard_s``, against a hang): unlocking
        is a chain of tasks (key, store, desk), more than one settle sees on a busy
        machine."""
        deadline = time.perf_counter() + guard_s
        while not ready() and time.perf_counter() < deadline:
            self.settle()
            QThread.msleep(10)  # a step may start on a timer rather than as a task

    def stop(self, name: str, widget: QWidget | None = None) -> None:
        self.settle()
        self.visit(name, widget or self.window)

    @contextmanager
    def dialog(self, widget: QWidget) -> Iterator[QWidget]:
        """A dialog or window of the desk, sized as it opens, closed after its stop."""
        widget.show()
        self.settle()
        try:
            yield widget
        finally:
            widget.close()
            self.settle()

    def run(self, passphrase: str, csv_path: Path) -> None:
        w = self.window
        w.show_start()
        self.stop("profil-waehlen")
        w.show_restore()
        w.restore_view.with_key.setChecked(True)
        self.stop("sicherung-zurueckspielen")
        w.show_setup()
        w.setup_view.name.setText("Aylin Demir")
        w.setup_view.district.setCurrentIndex(w.setup_view.district.findData("kleve"))
        self.stop("einrichtung")
        w.show_start()
        w.start_view._open()
        self.stop("entsperren")
        w.show_recovery()
        self.stop("passphrase-vergessen")
        w.show_start()
        w.start_view._open()
        w.unlock_view.passphrase.setText(passphrase)
        w.unlock_view.submit()
        self.settle_until(lambda: w.workspace is not None and w.desk is not None)
        _desk, ws = w.unlocked()
        ws.show_today()
        self.stop("heute")
        ws.show_clients()
        self.stop("klientinnen")
        ws.clients.search.setText("mohamad")
        ws.clients.query()
        self.stop("klientinnen-suche")
        ws.new_client()
        self.stop("neue-person")
        ws.open_client(self._rich_client())
        self.settle()
        file = ws.file
        assert file is not None  # a client was just opened
        for cls in TABS:
            tab = file.show_tab(cls)
            self.stop("akte-" + _slug(tab.title))
        self._document_viewer(file)
        printing = file.open_print_dialog()
        if printing is not None:
            with self.dialog(printing) as dialog:
                self.stop("drucken", dialog)
        contacts = file.show_tab(ContactsTab)
        contacts.table.setCurrentCell(0, 0)
        contacts.table.activated.emit(contacts.table.currentIndex())
        self.settle()
        if contacts.correction is not None:
            with self.dialog(contacts.correction) as dialog:
                self.stop("kontakt-korrigieren", dialog)
        master = file.show_tab(MasterDataTab)
        master.open_merge()
        if master.merge_dialog is not None:
            with self.dialog(master.merge_dialog) as dialog:
                self.stop("dublette-zusammenfuehren", dialog)
        self._reconstruction(ws)
        ws.show_directory()
        self.stop("versorgungssystem")
        csv_path.write_text(SAMPLE_CSV + self._known_person_line(), encoding="utf-8")
        ws.show_import()
        ws.importer.load(csv_path)
        self.settle()
        ws.importer.validate()
        self.stop("import")
        ws.show_statistics()
        self.stop("statistik")
        ws.show_sync()
        self.stop("abgleich")
        ws.show_settings()
        self.stop("einstellungen")
        ws.show_my_figures()
        self.stop("meine-zahlen")
        ws.show_today()
        self.settle()
        tree = ws.today.tree
        heads = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        rows = [h.child(0) for h in heads if h is not None and h.childCount()]
        first = next((row for row in rows
                      if getattr(ws.today.current_of(row), "client_id", None)), None)
        if first is not None:
            tree.setCurrentItem(first)
        ws.today.new_reminder()
        if ws.today.reminder_dialog is not None:
            with self.dialog(ws.today.reminder_dialog) as dialog:
                self.stop("wiedervorlage", dialog)
        ws.show_about()
        self.settle()
        if ws.about is not None:
            with self.dialog(ws.about) as dialog:
                self.stop("ueber-kimdesk", dialog)
        self._trust(ws)
        w.lock()
        self.stop("gesperrt")

    def _document_viewer(self, file) -> None:  # noqa: ANN001 - ClientFileView
        """Dokumente with a scan in the app's own viewer (a synthetic Bescheid: the demo
        data have no scans)."""
        from kimdesk.ui.akte.documents_tab import DocumentsTab

        tab = file.show_tab(DocumentsTab)
        client_id, attachments = file.client_id, file.ctx.desk.attachments
        if client_id is None:
            return
        data = _sample_scan()
        self.window.runner.call(lambda: attachments.add_bytes(
            client_id, data, "Bescheid Jobcenter (Muster)", "bescheid.png"))
        tab.reload_list()
        self.settle()
        tab.table.selectRow(0)
        tab.view_current()
        self.settle()
        if tab.viewer is not None:
            with self.dialog(tab.viewer) as dialog:
                self.stop("dokument-ansehen", dialog)

    def _reconstruction(self, ws) -> None:  # noqa: ANN001 - Workspace
        """The reconstruction editor of the richest demo case, diagram tab in front."""
        from kimdesk.ui.reconstruction.window import ReconstructionWindow

        case_id = ws.file.data.case_id if ws.file and ws.file.data else None
        if case_id is None:
            return
        window = ReconstructionWindow(ws.ctx.desk.reconstructions, ws.ctx.runner, case_id,
                                      self.window)
        with self.dialog(window):
            self.stop("fallrekonstruktion", window)

    def _trust(self, ws) -> None:  # noqa: ANN001 - Workspace
        """Löschfristen and the dialogs of erasure, retention, missing consent and handover."""
        from kimdesk.ui.consent_exception import ConsentExceptionDialog
        from kimdesk.ui.erasure_dialog import ErasureDialog
        from kimdesk.ui.handover_dialog import HandoverDialog
        from kimdesk.ui.retention_view import KeepLongerDialog

        ws.show_retention()
        self.stop("loeschfristen")
        with self.dialog(KeepLongerDialog("Muster, Erika", self.window)) as dialog:
            self.stop("laenger-aufbewahren", dialog)
        with self.dialog(ErasureDialog("Akte auf Verlangen löschen (Art. 17 DSGVO)",
                                       "Muster, Erika", "Löschung auf Verlangen der Person",
                                       "Die Person verlangt die Löschung; nichts verpflichtet "
                                       "zur Aufbewahrung.", self.window)) as dialog:
            self.stop("akte-loeschen", dialog)
        message = ("Für die Vermittlung an Jugendamt Kreis Kleve fehlt eine "
                   "Schweigepflichtentbindung gegenüber Jugendamt Kreis Kleve. Bitte unter "
                   "„Einwilligungen“ erfassen — oder, wenn ein wichtiger Grund es verlangt, "
                   "eine begründete Ausnahme festhalten.")
        with self.dialog(ConsentExceptionDialog(message, self.window)) as dialog:
            self.stop("einwilligung-fehlt", dialog)
        handover = HandoverDialog(ws.ctx, None, self.window)
        handover.load()
        with self.dialog(handover) as dialog:
            self.stop("akten-uebergeben", dialog)
            handover.tabs.setCurrentIndex(1)
            handover.make_code()
            self.stop("akten-uebernehmen", dialog)

    def _known_person_line(self) -> str:
        """A line for someone who has a file already: the preview flags the duplicate."""
        desk, _ws = self.window.unlocked()
        known = next((c for c in self.window.runner.call(lambda: desk.clients.all(limit=20))
                      if c.birth_date_german), None)
        return f"{known.family_name};{known.given_names};{known.birth_date_german};;;\n" \
            if known is not None else ""

    def _rich_client(self) -> int:
        """An open Case-Management case with a plan and referrals looks most like real work."""
        desk, _ws = self.window.unlocked()
        return int(self.window.runner.call(lambda: self._rich_client_of(desk)))

    @staticmethod
    def _rich_client_of(desk: Desk) -> int:
        for summary in desk.clients.find("", case_type="case_management", status="open",
                                         limit=100):
            cases = [c for c in desk.cases.cases_of(summary.id) if c.closed_on is None]
            if not cases:
                continue
            client = desk.clients.get(summary.id)
            if len(desk.plans.plan(cases[0].id)) >= 2 and client.household and \
                    desk.referrals.referrals(cases[0].id):
                return summary.id
        return desk.clients.all(limit=1)[0].id


def _sample_scan() -> bytes:
    """A page-shaped PNG with a few lines of text, as a phone photo of a letter."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(620, 877, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        for row, line in enumerate(("Jobcenter Kreis Kleve", "", "Bescheid (Muster)", "",
                                    "über Leistungen zur Sicherung des Lebensunterhalts",
                                    "nach dem Zweiten Buch Sozialgesetzbuch (SGB II)")):
            painter.drawText(60, 90 + row * 28, line)
    finally:
        painter.end()
    buffer = QByteArray()
    device = QBuffer(buffer)
    device.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(device, "PNG")  # type: ignore[call-overload]  # (the stub says bytes; PySide wants str)
    return bytes(buffer.data())


def save_shots(window: MainWindow, out: Path, passphrase: str, csv_path: Path) -> list[Path]:
    """Every stop of the tour as a numbered PNG in ``out``."""
    files: list[Path] = []

    def shot(name: str, widget: QWidget) -> None:
        path = out / f"{len(files) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        files.append(path)

    ScreenTour(window, shot).run(passphrase, csv_path)
    return files


def _slug(title: str) -> str:
    text = title.replace("&&", "und").replace("&", "").lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-")):
        text = text.replace(a, b)
    return text
