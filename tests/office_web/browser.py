"""Playwright on Debian's Chromium (no browser download) and axe-core from npm.

Keyboard helpers drive a page the way a keyboard user does: Tab until the wanted element
has the focus, then type or press Enter/Space. No clicks.
"""

import json
import os
from pathlib import Path

import pytest

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KIMDESK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
MAX_TABS = 400


def _missing(what: str) -> None:
    """A missing browser or axe-core fails the run: `./run test` installs both, so a
    silent skip would hide that the workspace went untested. Developers without root
    may set KIMDESK_SKIP_BROWSER_TESTS=1 to skip instead."""
    if os.environ.get("KIMDESK_SKIP_BROWSER_TESTS") == "1":
        pytest.skip(what)
    pytest.fail(what)


def launch(playwright):
    if not Path(CHROMIUM).exists():
        _missing("Debian's chromium is not installed (scripts/system-packages: chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def focused(page) -> str:
    """A short description of the focused element (for assertions and messages)."""
    return page.evaluate("""() => { const e = document.activeElement; if (!e) return '';
        return [e.tagName, e.id, e.getAttribute('name'), (e.innerText || e.value || '').trim()
               .slice(0, 80)].join('|'); }""")


def tab_to(page, selector: str, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        if page.evaluate("s => { const e = document.querySelector(s); "
                         "return !!e && e === document.activeElement; }", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{selector} is not reachable with the Tab key (at {focused(page)})")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press_on(page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press(key)


def keyboard_login(page, url: str, username: str, password: str | None = None) -> None:
    from tests.office_web.conftest import PASSWORD

    page.goto(url + "/anmelden")
    type_into(page, "#benutzername", username)
    type_into(page, "#passwort", password or PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose(page, selector: str, label: str) -> None:
    """Pick an option of a <select> by keyboard: focus it and type the option's text."""
    tab_to(page, selector)
    page.keyboard.type(label)
    assert page.eval_on_selector(selector, "e => e.options[e.selectedIndex].text").startswith(
        label), f"option {label!r} not chosen"


def check(page, selector: str) -> None:
    tab_to(page, selector)
    if not page.is_checked(selector):
        page.keyboard.press("Space")
    assert page.is_checked(selector)


def axe_violations(page) -> list[dict]:
    """WCAG 2.0/2.1 A and AA violations on the current page (context needs bypass_csp)."""
    if not AXE.exists():
        _missing("axe-core is not installed (./run test runs npm ci --prefix tests/office_web)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)
