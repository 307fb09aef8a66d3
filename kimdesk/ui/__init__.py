"""The Qt desktop application. Views call casework services through ``tasks.TaskRunner``."""

from kimdesk.ui.pyside_imports import read_bytes_instead

read_bytes_instead()  # before any of the desk's modules load (see pyside_imports)
