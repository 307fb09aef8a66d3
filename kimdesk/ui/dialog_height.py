"""Dialogs with wrapped text: tall enough for their text at the width they open with.

A QDialog sizes itself from its layout's size hint, which ignores height-for-width: a long
wrapped label would be cut off after styling or at 150 %. ``grow_to_text`` runs when the
dialog is shown and grows it to the height its layout needs at its width.
"""

from PySide6.QtWidgets import QDialog


def grow_to_text(dialog: QDialog) -> None:
    layout = dialog.layout()
    if layout is None:
        return
    needed = layout.totalHeightForWidth(dialog.width())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


class TextDialog(QDialog):
    """A QDialog that grows to its wrapped text when shown."""

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().showEvent(event)
        grow_to_text(self)
