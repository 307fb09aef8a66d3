"""The one small stylesheet: calm greys, one blue accent, readable at 125–150 %."""

ACCENT = "#2f5d8a"
#: the focus ring where the accent colour is the background (primary buttons)
FOCUS = "#f2b705"
FOCUS_SOFT = "#fdf1c7"

STYLESHEET = f"""
QMainWindow, QWidget#page {{ background: #f6f7f8; }}
QToolBar {{ background: #eceef0; border: none; border-bottom: 1px solid #d5d9dd;
            spacing: 4px; padding: 3px 6px; }}
QToolBar QToolButton {{ padding: 5px 10px; border-radius: 4px; color: #23282d; }}
QToolBar QToolButton:checked {{ background: #d9e4ee; color: {ACCENT}; }}
QToolBar QToolButton:hover {{ background: #e0e5ea; }}
QLabel#title {{ font-size: 15pt; font-weight: 600; color: #23282d; }}
QLabel#subtitle {{ color: #59636e; }}
QLabel#sectionTitle {{ font-weight: 600; color: #23282d; }}
QLabel#recoveryKey {{ font-family: monospace; font-size: 14pt; padding: 10px;
                      background: white; border: 1px solid #c8ced4; border-radius: 4px; }}
QGroupBox {{ border: 1px solid #d5d9dd; border-radius: 5px; margin-top: 14px;
             padding: 10px 8px 8px 8px; background: white; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; font-weight: 600;
                    color: #23282d; }}
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QListWidget {{
    border: 1px solid #c0c7ce; border-radius: 3px; padding: 3px 5px; background: white; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus, QListWidget:focus,
QTableView:focus, QTreeView:focus {{ border: 2px solid {ACCENT}; }}
QPushButton {{ padding: 5px 14px; border: 1px solid #b3bcc5; border-radius: 4px;
               background: #fbfbfc; color: #23282d; }}
QPushButton:hover {{ background: #eef2f5; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton#submit, QPushButton#primary {{ background: {ACCENT}; color: white;
                                           border-color: {ACCENT}; }}
QPushButton#submit:focus, QPushButton#primary:focus {{ border: 3px solid {FOCUS}; }}
QPushButton#danger {{ background: #a12a2a; color: white; border-color: #a12a2a; }}
QPushButton#danger:focus {{ border: 3px solid {FOCUS}; }}
QPushButton#danger:disabled {{ background: #d9b3b3; border-color: #d9b3b3; }}
QCheckBox:focus, QRadioButton:focus, QTabBar::tab:focus, QToolButton:focus {{
    outline: none; background: {FOCUS_SOFT}; }}
QSpinBox {{ padding: 3px 22px 3px 5px; }}
QSpinBox::up-button, QSpinBox::down-button {{ width: 18px; border-left: 1px solid #c0c7ce;
                                             background: #f4f6f8; }}
QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 3px; }}
QSpinBox::down-button {{ subcontrol-position: bottom right;
                         border-bottom-right-radius: 3px; }}
QSpinBox::up-arrow {{ width: 0; height: 0; border-left: 4px solid transparent;
                      border-right: 4px solid transparent; border-bottom: 5px solid #59636e; }}
QSpinBox::down-arrow {{ width: 0; height: 0; border-left: 4px solid transparent;
                        border-right: 4px solid transparent; border-top: 5px solid #59636e; }}
QComboBox QAbstractItemView {{ background: white; color: #23282d;
                               selection-background-color: #cfdeeb;
                               selection-color: #1b1f23; outline: none; }}
QPushButton#submit:disabled, QPushButton#primary:disabled {{ background: #9fb2c5;
                                                              border-color: #9fb2c5; }}
QTableView, QTreeView {{ background: white; alternate-background-color: #f4f6f8;
                         border: 1px solid #d5d9dd; gridline-color: #e6e9ec;
                         selection-background-color: #cfdeeb; selection-color: #1b1f23; }}
QHeaderView::section {{ background: #eceef0; border: none; border-right: 1px solid #d5d9dd;
                        border-bottom: 1px solid #d5d9dd; padding: 4px 6px; font-weight: 600; }}
QTabWidget::pane {{ border: 1px solid #d5d9dd; background: #f6f7f8; top: -1px; }}
QTabBar::tab {{ padding: 6px 11px; background: #eceef0; border: 1px solid #d5d9dd;
                border-bottom: none; margin-right: 1px; }}
QTabBar::tab:selected {{ background: #f6f7f8; color: {ACCENT}; font-weight: 600; }}
QFrame#messageBar[kind="error"] {{ background: #fbeaea; border: 1px solid #e3b4b4;
                                   border-radius: 4px; }}
QFrame#messageBar[kind="info"] {{ background: #e8f1e9; border: 1px solid #b7d3bb;
                                  border-radius: 4px; }}
QFrame#draftNotice {{ background: #fff7e0; border: 1px solid #e8d59a; border-radius: 4px; }}
QFrame#card {{ background: white; border: 1px solid #d5d9dd; border-radius: 6px; }}
QLabel#error {{ color: #a12a2a; }}
QLabel#caseBanner {{ background: #e9eef3; border: 1px solid #d0d9e2; border-radius: 4px;
                     padding: 6px 10px; }}
"""
