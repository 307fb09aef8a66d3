"""A tour through every main screen, each saved as PNG (``kimdesk screenshots``)."""

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kimdesk.ui.client_file import TABS
from kimdesk.ui.main_window import MainWindow

SAMPLE_CSV = ("Nachname;Vorname;Geburtsdatum;Kommune;Staatsangehörigkeit;Fallart\n"
              "Nowak;Jan;01.02.1980;Goch;Polen;Kurzintervention\n"
              "Petrova;Olena;1975;Kleve;Ukraine;Prozesshafte Begleitung\n"
              "Haidari;Zahra;03.1992;Weeze;Afghanistan;\n")


class ScreenTour:
    def __init__(self, window: MainWindow, out: Path) -> None:
        self.window, self.out = window, out
        self.files: list[Path] = []

    def settle(self) -> None:
        for _ in range(3):
            self.window.runner.wait_idle(30)
            QApplication.processEvents()

    def shot(self, name: str) -> None:
        self.settle()
        path = self.out / f"{len(self.files) + 1:02d}-{name}.png"
        self.window.grab().save(str(path))
        self.files.append(path)

    def run(self, passphrase: str, csv_path: Path) -> list[Path]:
        w = self.window
        w.show_start()
        self.shot("profil-waehlen")
        w.show_setup()
        w.setup_view.name.setText("Aylin Demir")
        self.shot("einrichtung")
        w.show_start()
        w.start_view._open()
        self.shot("entsperren")
        w.unlock_view.passphrase.setText(passphrase)
        w.unlock_view.submit()
        self.settle()
        ws = w.workspace
        ws.show_today()
        self.shot("heute")
        ws.show_clients()
        self.shot("klientinnen")
        ws.clients.search.setText("mohamad")
        ws.clients.query()
        self.shot("klientinnen-suche")
        ws.open_client(self._rich_client())
        self.settle()
        for cls in TABS:
            tab = ws.file.show_tab(cls)
            self.shot("akte-" + _slug(tab.title))
        ws.show_directory()
        self.shot("versorgungssystem")
        csv_path.write_text(SAMPLE_CSV, encoding="utf-8")
        ws.show_import()
        ws.importer.load(csv_path)
        self.settle()
        ws.importer.validate()
        self.shot("import")
        ws.show_statistics()
        self.settle()
        self.shot("statistik")
        ws.show_sync()
        self.settle()
        self.shot("abgleich")
        self._reconstruction(ws)
        w.lock()
        self.shot("gesperrt")
        return self.files

    def _reconstruction(self, ws) -> None:  # noqa: ANN001 - Workspace
        """The reconstruction editor of the richest demo case, diagram tab in front."""
        from kimdesk.ui.reconstruction.window import ReconstructionWindow

        case_id = ws.file.data.case_id if ws.file and ws.file.data else None
        if case_id is None:
            return
        window = ReconstructionWindow(ws.ctx.desk.reconstructions, case_id, self.window)
        window.resize(1280, 820)
        window.show()
        self.settle()
        path = self.out / f"{len(self.files) + 1:02d}-fallrekonstruktion.png"
        window.grab().save(str(path))
        self.files.append(path)
        window.close()

    def _rich_client(self) -> int:
        """An open Case-Management case with a plan and referrals looks most like real work."""
        desk = self.window.desk
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


def _slug(title: str) -> str:
    text = title.replace("&&", "und").replace("&", "").lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-")):
        text = text.replace(a, b)
    return text
