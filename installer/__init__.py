"""Build tooling for the frozen bundle and the Windows installer (not part of the app)."""
