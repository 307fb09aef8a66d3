"""The Qt desktop application. Views call casework services through ``tasks.TaskRunner``."""
