"""``kimdesk-office`` on a laptop install: one German sentence instead of an ImportError.

The office server's libraries come with the ``office`` extra (``pip install
"kimdesk[office]"``); a case manager's laptop does not need them.
"""

import importlib.util
import sys

#: What the office needs beyond the laptop's dependencies (import names).
SERVER_MODULES = ("fastapi", "uvicorn", "jinja2", "argon2", "multipart", "pg8000")


def missing() -> list[str]:
    return [m for m in SERVER_MODULES if importlib.util.find_spec(m) is None]


def main() -> int:
    absent = missing()
    if absent:
        print("Der Kreisbüro-Server ist auf diesem Gerät nicht installiert (es fehlen: "
              f"{', '.join(absent)}). Bitte mit  pip install \"kimdesk[office]\"  "
              "nachinstallieren.", file=sys.stderr)
        return 1
    from kimdesk.office.cli import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
