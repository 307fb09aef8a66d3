"""The periods a laptop reported, as the Geräte page says them: German, quarters in runs."""

from kimdesk.office.web.device_overview import period_summary


def test_a_run_of_quarters_and_the_years_read_as_german_ranges():
    labels = ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2", "2025",
              "2024-Q4", "2024"]
    assert period_summary(labels) == ("4. Quartal 2024 bis 3. Quartal 2026 "
                                      "(ohne 1. Quartal 2025); Jahre 2024, 2025")


def test_single_quarters_gaps_and_nothing():
    assert period_summary(["2026-Q3"]) == "3. Quartal 2026"
    assert period_summary(["2026-Q3", "2026-Q1", "2025-Q4"]) == \
        "4. Quartal 2025 bis 3. Quartal 2026 (ohne 2. Quartal 2026)"
    assert period_summary(["2026-Q3", "2024-Q1"]) == "1. Quartal 2024, 3. Quartal 2026"
    assert period_summary(["2025"]) == "Jahr 2025"
    assert period_summary([]) == "noch keine"
    assert period_summary(["kaputt", "2026-Q3"]) == "3. Quartal 2026"  # unreadable: left out
