"""``kimdesk --self-test``: proves that this installation (a frozen bundle above all) works.

Checks every shipped resource first (``resources``), then walks the app once end to end on
a throwaway encrypted store (``steps``). Each failure is one German sentence naming what is
missing or broken; nothing of it touches a real profile.
"""
