"""The desk of an unlocked profile: a toolbar and the screens it switches between.

Heute is built with the desk; every other screen is built (and its module imported) the
first time it is shown, so the start waits only for the first screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kimdesk.ui.about_dialog import help_button
from kimdesk.ui.desk import Desk
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.message_bar import MessageBar
from kimdesk.ui.tasks import TaskRunner
from kimdesk.ui.today_view import TodayView
from kimdesk.ui.view import Context

if TYPE_CHECKING:
    from kimdesk.casework.versions import Versions
    from kimdesk.ui.about_dialog import AboutDialog
    from kimdesk.ui.client_file import ClientFileView
    from kimdesk.ui.client_list import ClientsView
    from kimdesk.ui.directory_view import DirectoryView
    from kimdesk.ui.handover_dialog import HandoverDialog
    from kimdesk.ui.import_view import ImportView
    from kimdesk.ui.my_figures_view import MyFiguresView
    from kimdesk.ui.retention_view import RetentionView
    from kimdesk.ui.settings_view import SettingsView
    from kimdesk.ui.statistics_page import StatisticsPage
    from kimdesk.ui.sync_view import SyncView

Page = TypeVar("Page", bound=QWidget)


class Workspace(QWidget):
    def __init__(self, desk: Desk, runner: TaskRunner, messages: MessageBar,
                 lock_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = Context(desk, runner, messages)
        self.ctx.open_client = self.open_client
        self.ctx.open_entry = self.open_entry
        self.ctx.new_client = self.new_client
        self.ctx.data_changed = self._data_changed
        self.ctx.pick_service = self._pick_service
        self.ctx.person_deleted = self._person_deleted
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)

        self.today = TodayView(self.ctx)
        self._built: dict[str, QWidget] = {}  # the other screens, once shown
        self.file_holder = QStackedWidget()
        empty = QLabel("Keine Akte geöffnet. Bitte unter „Klient*innen“ eine Person wählen.")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.file_holder.addWidget(empty)
        self.file: ClientFileView | None = None  # the Akte on screen
        self._client_file: ClientFileView | None = None  # reused for every existing client
        self.pages.addWidget(self.today)
        prepare_keyboard(self.today)
        self.pages.addWidget(self.file_holder)  # (each Akte tab is a screen of its own)
        self.ctx.show_clients = self.show_clients

        self.toolbar = QToolBar("Bereiche")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(0, 0))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, keys, slot in (
                ("today", "Heute", "Ctrl+1", self.show_today),
                ("clients", "Klient*innen", "Ctrl+2", self.show_clients),
                ("file", "Akte", "Ctrl+3", self.show_file),
                ("directory", "Versorgungssystem", "Ctrl+4", self.show_directory),
                ("import", "Import", "Ctrl+5", self.show_import),
                ("statistics", "Statistik", "Ctrl+6", self.show_statistics),
                ("sync", "Abgleich", "Ctrl+7", self.show_sync),
                ("settings", "Einstellungen", "Ctrl+8", self.show_settings),
                ("my_figures", "Meine Zahlen", "Ctrl+9", self.show_my_figures)):
            self._action(name, text, keys, slot, checkable=True)
        # Shortcuts without a toolbar button (the toolbar must keep room for "Sperren");
        # the Klient*innen page shows both as buttons and placeholder text.
        self._action("new", "Neue Person", "Ctrl+N", self.new_client, in_toolbar=False)
        self._action("search", "Suchen", "Ctrl+F", self.focus_search, in_toolbar=False)
        self._action("retention", "Löschfristen", "Ctrl+0", self.show_retention,
                     checkable=True, in_toolbar=False)
        self._action("handover", "Akten übergeben", "Ctrl+Shift+U", self.show_handover,
                     in_toolbar=False)
        self.handover: HandoverDialog | None = None
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.about: AboutDialog | None = None
        self.toolbar.addWidget(help_button(self, self.show_about))  # Hilfe → Über KIMdesk
        lock_action.setText("Sperren (Strg+L)")
        self.toolbar.addAction(lock_action)

    def show_about(self) -> None:
        """Hilfe → Über KIMdesk: versions read on the worker, the dialog opened on return."""
        desk = self.ctx.desk

        from kimdesk.casework.versions import versions
        from kimdesk.ui.about_dialog import AboutDialog

        def opened(found: Versions) -> None:
            self.about = AboutDialog(found, desk.profile.label, self)
            self.about.open()

        self.ctx.runner.run(lambda: versions(desk.store), opened, owner=self)

    def _action(self, name: str, text: str, keys: str, slot, checkable: bool = False,
                in_toolbar: bool = True) -> QAction:  # noqa: ANN001 - a slot
        shown = keys.replace("Ctrl", "Strg")
        # the key stays in the tooltip: with eight areas the toolbar must fit 1280 px (150 %)
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{text} ({shown})")
        action.setCheckable(checkable)
        action.triggered.connect(lambda _c=False: slot())
        self.actions_by_name[name] = action
        if not in_toolbar:
            self.addAction(action)  # active while the desk is shown, not on the lock screen
            return action
        self.toolbar.addAction(action)
        button = self.toolbar.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(text)
        self.actions_by_name[name] = action
        return action

    def _select(self, name: str, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        for key in ("today", "clients", "file", "directory", "import", "statistics", "sync",
                    "settings", "my_figures", "retention"):
            self.actions_by_name[key].setChecked(key == name)

    # -- navigation -----------------------------------------------------------------------
    def show_today(self) -> None:
        self._select("today", self.today)
        self.today.refresh()
        self.today.setFocus()

    def show_clients(self) -> None:
        self._select("clients", self.clients)
        self.clients.activate()

    def focus_search(self) -> None:
        self.show_clients()
        self.clients.search.setFocus()
        self.clients.search.selectAll()

    def show_file(self) -> None:
        self._select("file", self.file_holder)

    def show_directory(self) -> None:
        self._select("directory", self.directory)
        self.directory.activate()

    def show_import(self) -> None:
        self._select("import", self.importer)

    def show_statistics(self) -> None:
        page = self.statistics
        self._select("statistics", page)
        page.activate()

    # -- the screens, each built when first shown -------------------------------------------
    def _page(self, name: str, build: Callable[[Context], Page]) -> Page:
        page = self._built.get(name)
        if page is None:
            page = build(self.ctx)
            self._built[name] = page
            self.pages.addWidget(page)
            prepare_keyboard(page)
        return page  # type: ignore[return-value]  # (built by ``build`` under this name)

    def built(self, name: str) -> QWidget | None:
        """The screen of that name if it was shown already (else None, and nothing built)."""
        return self._built.get(name)

    @property
    def clients(self) -> ClientsView:
        from kimdesk.ui.client_list import ClientsView

        return self._page("clients", ClientsView)

    @property
    def directory(self) -> DirectoryView:
        from kimdesk.ui.directory_view import DirectoryView

        return self._page("directory", DirectoryView)

    @property
    def importer(self) -> ImportView:
        from kimdesk.ui.import_view import ImportView

        return self._page("import", ImportView)

    @property
    def statistics(self) -> StatisticsPage:
        """The Statistik page (the disclosure-control libraries load with it)."""
        from kimdesk.ui.statistics_page import StatisticsPage

        return self._page("statistics", StatisticsPage)

    @property
    def sync(self) -> SyncView:
        from kimdesk.ui.sync_view import SyncView

        return self._page("sync", SyncView)

    @property
    def settings(self) -> SettingsView:
        from kimdesk.ui.settings_view import SettingsView

        return self._page("settings", SettingsView)

    @property
    def my_figures(self) -> MyFiguresView:
        from kimdesk.ui.my_figures_view import MyFiguresView

        return self._page("my_figures", MyFiguresView)

    @property
    def retention(self) -> RetentionView:
        from kimdesk.ui.retention_view import RetentionView

        fresh = self.built("retention") is None
        page = self._page("retention", RetentionView)
        if fresh:
            page.handover_button.clicked.connect(self.show_handover)
        return page

    def sync_round_done(self) -> None:
        """A background sync round finished: the Abgleich screen shows it, if built."""
        page = self.built("sync")
        if page is not None:
            self.sync.refresh()

    def show_sync(self) -> None:
        self._select("sync", self.sync)
        self.sync.activate()

    def show_my_figures(self) -> None:
        self._select("my_figures", self.my_figures)
        self.my_figures.activate()

    def show_settings(self) -> None:
        self._select("settings", self.settings)
        self.settings.activate()

    def show_retention(self) -> None:
        """Löschfristen (Strg+0): files due under the Löschkonzept (reached from Heute)."""
        self._select("retention", self.retention)
        self.retention.activate()
        self.retention.setFocus()

    def show_handover(self) -> None:
        """Akten übergeben (Strg+Umschalt+U): the open Akte is chosen already."""
        from kimdesk.ui.handover_dialog import HandoverDialog

        current = self.file.client_id if self.file is not None else None
        self.handover = HandoverDialog(self.ctx, current, self.window())
        self.handover.load()
        self.handover.open()

    def open_client(self, client_id: int | None) -> None:
        """Existing clients share one reusable Akte; a new person gets a fresh form."""
        if self.file is not None and self.file.client_id is None:
            self.ctx.drafts.flush_all()
            self.file_holder.removeWidget(self.file)
            self.file.deleteLater()
        from kimdesk.ui.client_file import ClientFileView

        if client_id is None:
            self.file = ClientFileView(self.ctx, None)
            self.file_holder.addWidget(self.file)
        else:
            if self._client_file is None:
                self._client_file = ClientFileView(self.ctx, client_id)
                self.file_holder.addWidget(self._client_file)
            else:
                self._client_file.set_client(client_id)
            self.file = self._client_file
        self.file_holder.setCurrentWidget(self.file)
        self.show_file()

    def open_entry(self, client_id: int, kind: str, ref_id: int | None,
                   case_id: int | None) -> None:
        """From Heute: the Akte opens on the entry itself, not on Stammdaten."""
        self.open_client(client_id)
        if self.file is not None:
            self.file.focus_entry(kind, ref_id, case_id)

    def new_client(self) -> None:
        """Strg+N: a fresh form with the cursor in Familienname."""
        from kimdesk.ui.akte.person_tabs import MasterDataTab

        self.open_client(None)
        if self.file is not None:
            self.file.tab(MasterDataTab).form.focus_first()

    def _pick_service(self, service_id: int) -> None:
        from kimdesk.ui.akte.network_tabs import ReferralsTab

        if self.file is None or self.file.client_id is None:
            self.ctx.messages.error("Bitte zuerst die Akte der Person öffnen, die vermittelt "
                                    "werden soll.")
            return
        self.show_file()
        tab = self.file.show_tab(ReferralsTab)
        tab.pick_service(service_id)
        tab.form.field("purpose").widget.setFocus()

    def _person_deleted(self) -> None:
        """After a deletion no Akte is open; the list shows who is left."""
        self.ctx.messages.info("Die Person wurde mit allen Einträgen gelöscht.")
        self.file_holder.setCurrentIndex(0)
        self.file = None
        self._data_changed()
        self.show_clients()

    def _data_changed(self) -> None:
        clients = self.built("clients")
        if clients is not None:
            self.clients.mark_stale()
        self.today.mark_stale()
