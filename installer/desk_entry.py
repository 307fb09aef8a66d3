"""The desk without a console window: what the Start-menu shortcut starts on Windows
(``kimdesk-desk.exe``; ``pip install`` makes the same as the GUI script ``kimdesk-desk``)."""

import sys

from kimdesk.ui.app import run_app

if __name__ == "__main__":
    sys.exit(run_app())
