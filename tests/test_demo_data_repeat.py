"""Filling a store with demo data twice from the same seed says what happened."""

import json

from tests.conftest import PASSPHRASE, run_cli

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}


def test_the_same_seed_twice_is_refused_with_the_reason_and_changes_nothing(store_dir):
    first = run_cli("demo-data", "--store", str(store_dir), "--clients", "20", "--seed", "7",
                    env=ENV)
    assert first.returncode == 0, first.stderr
    again = run_cli("demo-data", "--store", str(store_dir), "--clients", "30", "--seed", "7",
                    env=ENV)
    assert again.returncode == 1
    assert "Startwert 7" in again.stderr and "--seed" in again.stderr, again.stderr
    assert "kimdesk check" not in again.stderr and "Traceback" not in again.stderr
    stats = run_cli("stats", "--store", str(store_dir), "--json", env=ENV)
    assert json.loads(stats.stdout)["clients"] == 20
    other = run_cli("demo-data", "--store", str(store_dir), "--clients", "5", "--seed", "8",
                    env=ENV)
    assert other.returncode == 0, other.stderr
