"""pytest-qt: the editor on a demo case; nothing is queued before every finding is decided."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from kimdesk.core.errors import DomainError
from kimdesk.store.models import OutboxItem, Reconstruction, ReconstructionReview
from kimdesk.ui.reconstruction import ReconstructionEditor, ReviewDialog
from tests.conftest import HANG_GUARD_MS
from tests.reconstructions.conftest import client_names, settle

THEME = ("Die Vereinbarkeit von Familie und Qualifizierung wird durch angemessene Angebote "
         "der Kinderbetreuung gewährleistet.")


@pytest.fixture
def editor(qtbot, demo_case, service, runner):
    widget = ReconstructionEditor(service, service.in_work(demo_case), runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    return widget


def review_of(qtbot, editor) -> ReviewDialog:  # noqa: ANN001 - ReconstructionEditor
    """Open the review (saved and scrubbed on the runner) and wait for its dialog."""
    editor.open_review()
    qtbot.waitUntil(lambda: editor.review_dialog is not None
                    and editor.review_dialog.isVisible(), timeout=HANG_GUARD_MS)
    return editor.review_dialog


def final_page(qtbot, dialog: ReviewDialog) -> None:
    """The last view comes after its preview was read on the runner."""
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=HANG_GUARD_MS)


def test_demo_case_reconstruction_is_queued_only_after_review(qtbot, store, demo_case,
                                                               service, editor):
    names = client_names(store, demo_case)
    editor.narrative_edit.appendPlainText(
        f"{names[0]} {names[1]} war am 12.03.2025 in Kevelaer beim Jobcenter. "
        f"{names[-1]} ist oft krank.")
    editor.theme_edit.setPlainText(THEME)
    dialog = review_of(qtbot, editor)
    review = dialog.review
    assert len(review.findings) >= 4
    # while findings are open: no send page, and the service refuses
    assert not dialog.to_final_button.isEnabled()
    with pytest.raises(DomainError):
        service.queue(editor.reconstruction_id)
    with store.session() as s:
        assert s.scalars(select(OutboxItem)).all() == []

    # walk through: edit the first, dismiss the age finding if any, accept the rest
    first = dialog.index
    dialog.replacement.setText("Eine alleinerziehende Mutter")
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert review.findings[first].decision == "edited"
    while review.open_findings:
        f = review.findings[dialog.index]
        button = dialog.dismiss_button if f.kind == "age" else dialog.accept_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    final_page(qtbot, dialog)
    shown = dialog.full_view.toPlainText()
    assert "Das wird gesendet" in dialog.pages.currentWidget().findChildren(
        type(dialog.progress))[0].text()
    for name in names:
        assert name not in shown
    assert "Kevelaer" not in shown and "12.03.2025" not in shown

    with qtbot.waitSignal(editor.queued, timeout=HANG_GUARD_MS) as sent:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        item = s.get(OutboxItem, sent.args[0])
        record = s.scalars(select(ReconstructionReview)).one()
        row = s.get(Reconstruction, editor.reconstruction_id)
    assert (item.kind, item.state) == ("reconstruction", "queued")
    assert item.payload["id"] == row.uid and row.state == "queued"
    assert record.reviewed_by == "Test CM" and record.outbox_item_id == item.id
    assert record.findings_total == len(review.findings)
    assert record.decisions["edited"] == 1
    assert record.findings_by_kind == item.payload["review"]["findings_by_kind"]
    assert "Eine alleinerziehende Mutter" in item.payload["narrative"]
    assert "Zum Senden bereit" in editor.state_label.text() or "Postausgang" in \
        editor.state_label.text()


def test_editing_after_review_needs_a_new_scrub(qtbot, demo_case, service, editor):
    editor.theme_edit.setPlainText(THEME)
    dialog = review_of(qtbot, editor)
    while dialog.review.open_findings:
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.state_loaded, timeout=HANG_GUARD_MS):
        dialog.reject()
    assert service.get(editor.reconstruction_id).state == "reviewed"
    editor.goal_edit.setText("Eine Ausbildung beginnen")
    with qtbot.waitSignal(editor.saved, timeout=HANG_GUARD_MS) as saved:
        editor.save()
    assert saved.args == ["draft"]
    assert service.get(editor.reconstruction_id).state == "draft"
    assert "Datenschutzprüfung" in editor.state_label.text()


def test_dragging_a_box_is_saved_with_the_reconstruction(qtbot, demo_case, service, editor,
                                                          runner):
    view = editor.chain_view
    item = view._boxes["n1"]
    item.setPos(item.pos() + QPointF(30, 12))
    view.positions_changed.emit(view.positions())
    settle(runner)
    saved = service.get(editor.reconstruction_id).content.chain.positions
    assert saved["n1"] == (item.pos().x(), item.pos().y())
    assert set(saved) == {"n1"}


def test_diagram_renders_five_institutions_in_four_lanes(qtbot, demo_case, editor, tmp_path):
    editor.tabs.setCurrentIndex(2)
    editor.show()
    qtbot.waitExposed(editor)
    lay = editor.chain_view.layout_now()
    institutions = [b for b in lay.boxes if b.kind == "institution"]
    assert len(institutions) >= 5
    assert len({b.y for b in institutions}) >= 4
    # no two boxes overlap
    for i, a in enumerate(lay.boxes):
        for b in lay.boxes[i + 1:]:
            assert a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
    out = Path(tmp_path) / "diagram.png"
    assert editor.chain_view.grab().save(str(out))
    assert out.stat().st_size > 5_000


def _answer(monkeypatch, button):
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return button
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_dismissing_a_name_from_the_file_asks_and_is_shown_before_sending(
        qtbot, monkeypatch, store, demo_case, service, editor):
    names = client_names(store, demo_case)
    editor.narrative_edit.appendPlainText(f"{names[0]} {names[1]} wartet in Kevelaer.")
    editor.theme_edit.setPlainText(THEME)
    dialog = review_of(qtbot, editor)
    review = dialog.review
    name_at = next(i for i, f in enumerate(review.findings) if f.kind == "known_name")
    dialog.index = name_at
    dialog._show_finding()

    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "ist ein Name/eine Nummer aus der Akte" in asked[0]
    assert "Wirklich unverändert senden?" in asked[0]
    assert name_at in review.open_findings and dialog.index == name_at
    assert dialog.error.text() == ""

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert review.findings[name_at].decision == "dismissed" and review.findings[name_at].confirmed
    settle(editor.runner)
    assert service.current_review(editor.reconstruction_id).findings[name_at].confirmed

    def never(*_args, **_kwargs):
        raise AssertionError("a place is dismissed without asking")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(never))
    while review.open_findings:
        f = review.findings[dialog.index]
        button = dialog.dismiss_button if f.kind == "place" else dialog.accept_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert any(f.kind == "place" and f.decision == "dismissed" for f in review.findings)
    final_page(qtbot, dialog)
    assert not dialog.kept_label.isHidden()
    assert "Name aus der Akte: 1" in dialog.kept_label.text()
    shown = dialog.full_view.toPlainText()
    assert "ACHTUNG" in shown and "Name aus der Akte: 1" in shown

    with qtbot.waitSignal(editor.queued, timeout=HANG_GUARD_MS):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    with store.session() as s:
        record = s.scalars(select(ReconstructionReview)).one()
    assert record.decisions["dismissed_identifying"] == {"known_name": 1}


def test_without_identifying_dismissals_the_final_page_has_no_warning(
        qtbot, demo_case, editor):
    editor.theme_edit.setPlainText(THEME)
    dialog = review_of(qtbot, editor)
    while dialog.review.open_findings:
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    final_page(qtbot, dialog)
    assert dialog.kept_label.isHidden()
    assert "ACHTUNG" not in dialog.full_view.toPlainText()
