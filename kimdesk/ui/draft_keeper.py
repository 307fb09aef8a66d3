"""Drafts are never lost: every form autosaves into the encrypted store.

A ``DraftBinder`` ties one ``FormPanel`` to a draft key: two seconds after the last change
the values are saved; on lock and close the ``DraftKeeper`` writes every unsaved form at
once. When a form opens and a draft exists, a bar offers to restore or discard it.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from kimdesk.ui.forms import FormPanel
from kimdesk.ui.keyboard import refresh_around

if TYPE_CHECKING:
    from kimdesk.ui.desk import Desk
    from kimdesk.ui.tasks import TaskRunner
    from kimdesk.ui.view import Context

AUTOSAVE_MS = 2000


class DraftKeeper:
    def __init__(self, desk: Desk, runner: TaskRunner) -> None:
        self.desk, self.runner = desk, runner
        self._binders: weakref.WeakSet[DraftBinder] = weakref.WeakSet()

    def register(self, binder: DraftBinder) -> None:
        self._binders.add(binder)

    def flush_all(self, wait: bool = False) -> None:
        """Write every changed form now; ``wait`` blocks until written (closing)."""
        pending: dict[str, dict | None] = {}
        for binder in list(self._binders):
            item = binder.take_pending()
            if item is not None:
                pending[item[0]] = item[1]
        if not pending:
            return
        drafts = self.desk.drafts

        def write() -> None:
            for key, payload in pending.items():
                if payload is None:
                    drafts.discard(key)
                else:
                    drafts.save(key, payload)

        if wait:
            self.runner.call(write)
        else:
            self.runner.run(write)


class DraftBinder(QObject):
    def __init__(self, ctx: Context, form: FormPanel, key: str) -> None:
        super().__init__(form)
        self.ctx, self.form, self.key = ctx, form, key
        self._dirty = False
        self._restoring = False
        self._notice: QFrame | None = None
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.save)
        form.changed.connect(self._changed)
        ctx.drafts.register(self)
        self._offer_existing()

    # -- saving ---------------------------------------------------------------------
    def _changed(self) -> None:
        if self._restoring:
            return
        self._dirty = True
        self._timer.start()

    def take_pending(self) -> tuple[str, dict | None] | None:
        """(key, payload or None to discard) if there is something unsaved."""
        if not self._dirty or not shiboken6.isValid(self.form):
            return None
        self._dirty = False
        self._timer.stop()
        return self.key, (None if self.form.is_pristine() else self.form.values())

    def save(self) -> None:
        item = self.take_pending()
        if item is None:
            return
        key, payload = item
        drafts = self.ctx.desk.drafts
        if payload is None:
            self.ctx.runner.run(lambda: drafts.discard(key), owner=self)
        else:
            self.ctx.runner.run(lambda: drafts.save(key, payload), owner=self)

    def saved(self) -> None:
        """The form's content was stored for real: clear the form and drop the draft."""
        self._timer.stop()
        self._dirty = False
        self.form.reset()
        self._hide_notice()
        drafts, key = self.ctx.desk.drafts, self.key
        self.ctx.runner.run(lambda: drafts.discard(key), owner=self)

    def rebind(self, key: str) -> None:
        """Point the form at another record (e.g. another case): keep the old draft."""
        if key == self.key:
            return
        self.save()
        self.key = key
        self._hide_notice()
        self.form.reset()
        self._offer_existing()

    # -- restoring ------------------------------------------------------------------
    def _offer_existing(self) -> None:
        drafts, key = self.ctx.desk.drafts, self.key
        self.ctx.runner.run(lambda: drafts.load(key), self._offer, owner=self)

    def _offer(self, draft: Any) -> None:
        if draft is None or draft.key != self.key or draft.payload == self.form.values():
            return
        self._hide_notice()
        bar = QFrame(self.form)
        bar.setObjectName("draftNotice")
        bar.setAccessibleName("Entwurf vorhanden")
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(QLabel(f"Nicht gespeicherter Entwurf vom "
                             f"{draft.updated_at:%d.%m.%Y, %H:%M} Uhr."), 1)
        restore = QPushButton("Entwurf &wiederherstellen")
        restore.setObjectName("restoreDraft")
        restore.setAccessibleName("Entwurf wiederherstellen")
        restore.clicked.connect(lambda: self.restore(draft.payload))
        row.addWidget(restore)
        drop = QPushButton("Verwerfen")
        drop.setObjectName("discardDraft")
        drop.setAccessibleName("Entwurf verwerfen")
        drop.clicked.connect(self.discard)
        row.addWidget(drop)
        self.form.notice_area.addWidget(bar)
        self._notice = bar
        refresh_around(restore)

    def restore(self, payload: dict) -> None:
        self._restoring = True
        try:
            self.form.set_values(payload)
        finally:
            self._restoring = False
        self._hide_notice()

    def discard(self) -> None:
        drafts, key = self.ctx.desk.drafts, self.key
        self.ctx.runner.run(lambda: drafts.discard(key), owner=self)
        self._hide_notice()

    def has_notice(self) -> bool:
        return self._notice is not None

    def _hide_notice(self) -> None:
        if self._notice is not None:
            self._notice.deleteLater()
            self._notice = None
