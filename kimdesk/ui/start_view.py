"""Profile selection: each profile is its own encrypted store with its own passphrase."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.profiles import Profile


def centered_card(parent: QWidget, width: int = 520) -> QVBoxLayout:
    """A white card in the middle of the page; returns the card's layout."""
    from PySide6.QtWidgets import QFrame

    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    card = QFrame()
    card.setObjectName("card")
    card.setMinimumWidth(width)
    card.setMaximumWidth(width + 160)
    row.addWidget(card, 3)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(28, 24, 28, 24)
    layout.setSpacing(10)
    return layout


class StartView(QWidget):
    profile_chosen = Signal(object)
    new_profile = Signal()
    restore = Signal()  # a backup from another disk into a new profile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        layout = centered_card(self)
        title = QLabel("KIMdesk")
        title.setObjectName("title")
        layout.addWidget(title)
        sub = QLabel("Bitte ein Profil wählen. Jedes Profil ist ein eigener verschlüsselter "
                     "Datenbestand mit eigener Passphrase.")
        sub.setObjectName("subtitle")
        sub.setWordWrap(True)
        layout.addWidget(sub)
        self.list = QListWidget()
        self.list.setAccessibleName("Profile auf diesem Gerät")
        self.list.itemActivated.connect(lambda _i: self._open())
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&Neues Profil anlegen …")
        self.new_button.setAccessibleName("Neues Profil anlegen")
        self.new_button.clicked.connect(self.new_profile.emit)
        buttons.addWidget(self.new_button)
        self.restore_button = QPushButton("Sicherung &zurückspielen …")
        self.restore_button.setAccessibleName("Sicherung von einem anderen Datenträger als "
                                              "neues Profil zurückspielen")
        self.restore_button.clicked.connect(self.restore.emit)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        self.open_button = QPushButton("Ö&ffnen")
        self.open_button.setObjectName("primary")
        self.open_button.setAccessibleName("Profil öffnen")
        self.open_button.clicked.connect(self._open)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)

    def set_profiles(self, profiles: list[Profile], last: str = "") -> None:
        self.list.clear()
        for p in profiles:
            text = f"{p.label}  —  {p.district_name}" if p.district_name else p.label
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.list.addItem(item)
            if p.key == last:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.open_button.setEnabled(bool(profiles))
        self.list.setFocus()

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.profile_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
