"""KIMdesk benchmark suite: ``python -m benchmarks --out FILE.json [--quick]``.

Each ``benchmarks/bench_*.py`` module has ``run(quick: bool) -> dict[str, Scenario]``; a
scenario reports our figure beside a baseline measured in the same run (usually the same
operation on plain, unencrypted SQLite) so that machine speed cancels out of the ratio.
"""
