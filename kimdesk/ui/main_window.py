"""The window: profile selection → setup or unlock → the desk; locking in between.

The window owns only the flow between those pages. The desk itself (Heute, Klient*innen,
Akte, Versorgungssystem, Import) is ``Workspace``; locking hides it behind the unlock page
and shows nothing of any client, and unlocking brings back exactly what was there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kimdesk import config
from kimdesk.casework.profiles import (
    DamagedProfile,
    Profile,
    list_profiles,
    load_store_libraries,
    open_or_damaged,
    restore_damaged,
)
from kimdesk.ui.idle import IdleWatcher
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.message_bar import MessageBar
from kimdesk.ui.start_view import StartView
from kimdesk.ui.tasks import TaskRunner
from kimdesk.ui.unlock_view import UnlockView

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore
    from kimdesk.store.key_slots import KdfParams
    from kimdesk.sync.worker import SyncWorker
    from kimdesk.ui.desk import Desk
    from kimdesk.ui.recovery_view import RecoveryView
    from kimdesk.ui.rekey_dialog import RekeyDialog
    from kimdesk.ui.restore_view import RestoreView
    from kimdesk.ui.setup_view import SetupView
    from kimdesk.ui.workspace import Workspace

TITLE = "KIMdesk"


class _SyncRelay(QObject):
    """Carries "a sync round finished" from the worker thread to the GUI thread."""

    round_done = Signal()


#: The sync worker (HTTP client, signing, payloads) starts this long after Heute has shown:
#: the first screen's first moments do not share the interpreter with those imports.
SYNC_START_MS = 2000
#: The editing libraries (SQLAlchemy, the models and their mapping: ~0.4 s) load on the
#: task runner while a passphrase is typed, or when the unlock page has waited this long —
#: never in the way of an unlock already under way: then right after Heute has shown
#: (unlocking and Heute read without them).
PRELOAD_AFTER_MS = 1500


@dataclass
class AppOptions:
    idle_minutes: float = 5.0
    kdf: KdfParams | None = None  # for new profiles; None = tuned to this machine
    demo_profile: Profile | None = None
    demo_passphrase: str = ""
    sync_start_ms: int = SYNC_START_MS  # after Heute has shown (tests: 0)


class MainWindow(QMainWindow):
    def __init__(self, options: AppOptions | None = None) -> None:
        super().__init__()
        self.options = options or AppOptions()
        self.settings = config.Settings.load()
        self._splitters_saver: QTimer | None = None  # writes dragged dividers (debounced)
        self.setWindowTitle(TITLE)
        self.resize(1280, 720)
        self._restore_geometry()
        self.runner = TaskRunner(self)
        self.desk: Desk | None = None
        self.workspace: Workspace | None = None
        self.profile: Profile | None = None
        self._hidden_windows: list[QWidget] = []
        self._focus_before_lock: QWidget | None = None
        self.sync_worker: SyncWorker | None = None
        self._sync_relay = _SyncRelay(self)
        self._closing = False
        self._preloaded = False
        #: "", "loading" or "loaded": the editing libraries (see PRELOAD_AFTER_MS)
        self.store_libraries = ""
        self._preload_timer = QTimer(self)
        self._preload_timer.setSingleShot(True)
        self._preload_timer.setInterval(PRELOAD_AFTER_MS)
        self._preload_timer.timeout.connect(self._load_store_libraries)

        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(8, 6, 8, 8)
        self.messages = MessageBar()
        self.pages = QStackedWidget()
        box.addWidget(self.pages, 1)
        box.addWidget(self.messages)
        self.setCentralWidget(central)
        self.runner.failed.connect(self.messages.error)

        self.start_view = StartView()
        self.start_view.profile_chosen.connect(self.show_unlock)
        self.start_view.new_profile.connect(lambda: self.show_setup(first_run=False))
        self.unlock_view = UnlockView(self.runner)
        self.unlock_view.unlocked.connect(self._unlocked)
        self.unlock_view.typing.connect(self._load_store_libraries)
        self.unlock_view.switch_profile.connect(self.show_start)
        self.unlock_view.forgot.connect(self.show_recovery)
        self.rekey_dialog: RekeyDialog | None = None
        self.start_view.restore.connect(self.show_restore)
        for page in (self.start_view, self.unlock_view):
            self.pages.addWidget(page)
            prepare_keyboard(page)
        # setup, recovery and restore are built when first needed (the strength estimator,
        # the recovery sheet's printing, the backup checks are not part of an everyday start)
        self._setup_view: SetupView | None = None
        self._recovery_view: RecoveryView | None = None
        self._restore_view: RestoreView | None = None

        self.lock_action = QAction("&Sperren", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setToolTip("KIMdesk sperren (Strg+L)")
        self.lock_action.triggered.connect(self.lock)
        self.addAction(self.lock_action)

        self.idle = IdleWatcher(self.settings.idle_lock_minutes or self.options.idle_minutes,
                                self)
        if options is not None and options.idle_minutes != 5.0:
            self.idle.set_interval_ms(int(options.idle_minutes * 60_000))
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

        if self.options.demo_profile is not None:
            self.show_unlock(self.options.demo_profile, prefill=self.options.demo_passphrase)
        else:
            self.show_start()

    # -- pages ------------------------------------------------------------------------
    @property
    def setup_view(self) -> SetupView:
        if self._setup_view is None:
            from kimdesk.ui.setup_view import SetupView

            self._setup_view = SetupView(self.runner, self.options.kdf)
            self._setup_view.finished.connect(self._setup_done)
            self._setup_view.cancelled.connect(self._setup_cancelled)
            self._setup_view.restore.connect(self.show_restore)
            self.pages.addWidget(self._setup_view)
            prepare_keyboard(self._setup_view)
        return self._setup_view

    @property
    def recovery_view(self) -> RecoveryView:
        if self._recovery_view is None:
            from kimdesk.ui.recovery_view import RecoveryView

            self._recovery_view = RecoveryView(self.runner)
            self._recovery_view.recovered.connect(self._recovered)
            self._recovery_view.cancelled.connect(self._recovery_cancelled)
            self.pages.addWidget(self._recovery_view)
            prepare_keyboard(self._recovery_view)
        return self._recovery_view

    @property
    def restore_view(self) -> RestoreView:
        if self._restore_view is None:
            from kimdesk.ui.restore_view import RestoreView

            self._restore_view = RestoreView(self.runner, self.options.kdf)
            self._restore_view.restored.connect(self._restored)
            self._restore_view.cancelled.connect(self.show_start_or_setup)
            self.pages.addWidget(self._restore_view)
            prepare_keyboard(self._restore_view)
        return self._restore_view

    def state(self) -> str:
        page = self.pages.currentWidget()
        if page is self.workspace:
            return "work"
        if page is self.unlock_view:
            return "locked" if self.desk else "unlock"
        return "setup" if page is not None and page is self._setup_view else "start"

    def show_start(self) -> None:
        profiles = list_profiles()
        if not profiles:
            self.show_setup(first_run=True)
            return
        self.start_view.set_profiles(profiles, self.settings.last_profile)
        self.pages.setCurrentWidget(self.start_view)
        self.setWindowTitle(f"{TITLE} — Profil wählen")

    def show_setup(self, first_run: bool = False) -> None:
        self.setup_view.reset(first_run)
        self.pages.setCurrentWidget(self.setup_view)
        self.setWindowTitle(f"{TITLE} — Einrichtung")

    def show_unlock(self, profile: Profile, prefill: str = "") -> None:
        self.profile = profile
        if not self._preloaded:  # while the passphrase is typed (the runner is serial)
            self._preloaded = True
            self.runner.run(_preload, owner=self)
        self._preload_timer.start()
        self.unlock_view.prepare(profile, lambda p: _open_desk(profile, p), locked=False,
                                 prefill=prefill)
        self.pages.setCurrentWidget(self.unlock_view)
        self.setWindowTitle(f"{TITLE} — {profile.label}")

    def show_restore(self) -> None:
        """Sicherung zurückspielen: a backup from another disk as a new profile."""
        self.restore_view.prepare()
        self.pages.setCurrentWidget(self.restore_view)
        self.setWindowTitle(f"{TITLE} — Sicherung zurückspielen")

    def show_start_or_setup(self) -> None:
        if list_profiles():
            self.show_start()
        else:
            self.show_setup(first_run=True)

    def _restored(self, profile: Profile, store: CaseStore) -> None:
        def opened(desk: Desk) -> None:
            self._unlocked(desk)
            self.messages.info(f"Die Sicherung wurde geprüft und als Profil „{profile.label}“ "
                               "zurückgespielt.")

        self.runner.run(lambda: _desk(profile, store), opened)

    def show_recovery(self) -> None:
        if self.profile is None:
            return
        self.recovery_view.prepare(self.profile)
        self.pages.setCurrentWidget(self.recovery_view)
        self.setWindowTitle(f"{TITLE} — Passphrase vergessen")

    def _recovery_cancelled(self) -> None:
        if self.profile is not None:
            self.show_unlock(self.profile)
        else:
            self.show_start()

    def _recovered(self, profile: Profile, store: CaseStore) -> None:
        # The passphrase was replaced: offer to change the data key too, before anything
        # else (the sync worker, the workspace) holds the store.
        from kimdesk.ui.rekey_dialog import RekeyDialog

        self.rekey_dialog = RekeyDialog(profile, store, self.runner, self)
        self.rekey_dialog.finished.connect(lambda _result: self.runner.run(
            lambda: _desk(profile, store), self._recovered_desk))
        self.rekey_dialog.open()

    def _recovered_desk(self, desk: Desk) -> None:
        self._unlocked(desk)
        self.messages.info("Die neue Passphrase ist gesetzt. Bitte künftig diese verwenden.")

    def _setup_cancelled(self) -> None:
        """Back to the profiles; on the very first start there are none: close."""
        if list_profiles():
            self.show_start()
        else:
            self.close()

    def _setup_done(self, profile: Profile, store: CaseStore) -> None:
        self.runner.run(lambda: _desk(profile, store), self._unlocked)

    def _unlocked(self, result: Desk | RestoreOffer) -> None:
        self._preload_timer.stop()  # from here on: after Heute (see _after_today)
        if isinstance(result, RestoreOffer):
            self.unlock_view.offer(result.message, result.button, result.restore)
            return
        if self.desk is not None:  # coming back from the lock screen
            self._resume()
            return
        from kimdesk.ui.workspace import Workspace

        self.desk = result
        self.profile = result.profile
        self.settings.last_profile = result.profile.key
        self._save_settings()
        self.workspace = Workspace(self.desk, self.runner, self.messages, self.lock_action)
        self.workspace.ctx.machine = self.settings
        self.workspace.ctx.set_idle_minutes = self.set_idle_minutes
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self.addToolBar(self.workspace.toolbar)
        self.setWindowTitle(f"{TITLE} — {self.desk.profile.label}")
        self.workspace.show_today()
        self.idle.start()
        # once Heute has shown what the task runner read for it (the runner is serial):
        # the editing libraries, if the unlock did not leave time for them, and a moment
        # later the sync machinery is imported there and the worker starts
        self.runner.run(lambda: None, self._after_today, owner=self)

    def _after_today(self, _result: object = None) -> None:
        QTimer.singleShot(0, self, self._load_store_libraries)  # after Heute is drawn
        QTimer.singleShot(self.options.sync_start_ms, self, self._load_sync)

    def _load_store_libraries(self) -> None:
        """Once, on the task runner; not while an unlock is under way (it comes first)."""
        if self.store_libraries or self._closing or (
                self.desk is None and self.unlock_view.checking()):
            return
        self.store_libraries = "loading"
        self.runner.run(load_store_libraries,
                        lambda _r: setattr(self, "store_libraries", "loaded"), owner=self)

    def _load_sync(self) -> None:
        if not self._closing and self.desk is not None and self.sync_worker is None:
            self.runner.run(_sync_classes, self._start_sync_worker, owner=self)

    def _start_sync_worker(self, classes: tuple[type, type]) -> None:
        """Deliver the outbox in the background whenever the office answers. The payload
        builders (cell key method: numpy) are imported by the worker thread when its first
        round needs them."""
        if self._closing or self.desk is None or self.workspace is None or \
                self.sync_worker is not None:
            return  # shutting down meanwhile
        synchronizer, worker_class = classes
        desk, workspace = self.unlocked()
        store = desk.store
        self._sync_relay.round_done.connect(workspace.sync_round_done)
        worker = worker_class(store, synchronizer(store),
                              on_round=lambda _result: self._sync_relay.round_done.emit())
        self.sync_worker = worker
        worker.start()
        workspace.ctx.wake_sync = worker.wake

    def unlocked(self) -> tuple[Desk, Workspace]:
        """The open desk and its workspace (only called while unlocked)."""
        if self.desk is None or self.workspace is None:
            raise RuntimeError("no profile is open")
        return self.desk, self.workspace

    # -- locking ------------------------------------------------------------------------
    def lock(self) -> None:
        if self.state() != "work":
            return
        desk, workspace = self.unlocked()
        self.idle.stop()
        workspace.ctx.drafts.flush_all()
        self._focus_before_lock = QApplication.focusWidget()
        self._hidden_windows = [w for w in QApplication.topLevelWidgets()
                                if w is not self and w.isVisible()]
        for w in self._hidden_windows:
            w.hide()
        self.messages.hide()
        workspace.toolbar.hide()
        self.unlock_view.prepare(desk.profile, lambda p: desk.check_passphrase(p), locked=True)
        self.pages.setCurrentWidget(self.unlock_view)
        self.setWindowTitle(f"{TITLE} — gesperrt")

    def _resume(self) -> None:
        desk, workspace = self.unlocked()
        self.pages.setCurrentWidget(workspace)
        workspace.toolbar.show()
        self.setWindowTitle(f"{TITLE} — {desk.profile.label}")
        for w in self._hidden_windows:
            w.show()
        self._hidden_windows = []
        if self._focus_before_lock is not None:
            with contextlib.suppress(RuntimeError):  # the widget went away meanwhile
                self._focus_before_lock.setFocus()
        self.idle.start()

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._remember_geometry()
        self.shutdown()
        super().closeEvent(event)

    def set_idle_minutes(self, minutes: int) -> None:
        """Einstellungen: the idle lock of this computer, in effect at once."""
        self.settings.idle_lock_minutes = int(minutes)
        self.idle.set_interval_ms(int(minutes) * 60_000)
        self._save_settings()

    def _restore_geometry(self) -> None:
        """Size and place as the window was last closed (kept per computer)."""
        if self.settings.window_geometry:
            with contextlib.suppress(ValueError, TypeError):
                self.restoreGeometry(QByteArray.fromBase64(
                    self.settings.window_geometry.encode("ascii")))

    def splitter_state(self, key: str) -> str:
        """Where a divider was last dragged on this computer (see ``ui.splitters``)."""
        return self.settings.splitters.get(key, "")

    def remember_splitter(self, key: str, state: str) -> None:
        """A divider was dragged: kept per computer, written once the drag rests."""
        self.settings.splitters[key] = state
        if self._splitters_saver is None:
            self._splitters_saver = QTimer(self)
            self._splitters_saver.setSingleShot(True)
            self._splitters_saver.setInterval(800)
            self._splitters_saver.timeout.connect(self._save_settings)
        self._splitters_saver.start()

    def _remember_geometry(self) -> None:
        encoded = self.saveGeometry().toBase64().data()
        self.settings.window_geometry = bytes(encoded).decode("ascii")
        self._save_settings()

    def shutdown(self) -> None:
        """Write all drafts, wait for running tasks, close the store."""
        self._closing = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.stop()
        if self.sync_worker is not None:
            self.sync_worker.stop(timeout=5)
            self.sync_worker = None
        if self.workspace is not None:
            self.workspace.ctx.drafts.flush_all(wait=True)
        self.runner.shutdown()
        if self.desk is not None:
            self.desk.close()
            self.desk = None

    def _save_settings(self) -> None:
        with contextlib.suppress(OSError):  # a read-only settings folder must not stop work
            self.settings.save()


def _preload() -> None:
    """The desk's first screen (Heute and what it reads with), loaded in the background
    while the unlock page waits for the passphrase."""
    import kimdesk.ui.workspace  # noqa: F401 - loaded for its side effect (imports)


def _sync_classes() -> tuple[type, type]:
    """Imported on the task runner, after the first screen: the synchronizer and worker."""
    from kimdesk.sync.rounds import Synchronizer
    from kimdesk.sync.worker import SyncWorker

    return Synchronizer, SyncWorker


def _desk(profile: Profile, store: CaseStore) -> Desk:
    from kimdesk.ui.desk import Desk

    return Desk.open(profile, store)


def _open_desk(profile: Profile, passphrase: str) -> Desk | RestoreOffer:
    opened = open_or_damaged(profile, passphrase)
    if isinstance(opened, DamagedProfile):
        backup = opened.backup
        return RestoreOffer(opened.message, f"Sicherung vom {opened.written_at} "
                                            "&zurückspielen",
                            lambda: _desk(profile, restore_damaged(profile, passphrase,
                                                                   backup)))
    return _desk(profile, opened)


@dataclass(frozen=True)
class RestoreOffer:
    """The unlock found a damaged store and a sound backup: offered, never done silently."""

    message: str
    button: str
    restore: Callable[[], Desk]
