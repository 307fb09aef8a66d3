"""The office as a service: the systemd unit verifies and its command line and environment
start a real office (SQLite and PostgreSQL); settings come from a config file and the
environment; two instances never migrate at the same time."""

import os
import shutil
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy import create_engine, text

from kimdesk.office import db as office_db
from tests.conftest import HANG_GUARD_S, wait_until
from tests.sync.conftest import ROOT, free_port, wait_for_health

UNIT = ROOT / "installer" / "office" / "kimdesk-office.service"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
VENV_BIN = Path(sys.executable).parent


def unit_entries(path: Path) -> dict[str, list[str]]:
    """``[Service]`` keys of a unit, each with all its values in order (as systemd reads
    repeated keys such as Environment=)."""
    entries: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service":
            key, _, value = line.partition("=")
            entries.setdefault(key, []).append(value)
    return entries


def office_from_unit(tmp_path: Path, environment_file: str, port: int) -> subprocess.Popen:
    """Start what the unit starts, as systemd would: its ExecStart (the venv standing in for
    /opt/kimdesk-office), its Environment= overridden by its EnvironmentFile=, in its
    WorkingDirectory (a temporary state directory)."""
    unit = unit_entries(UNIT)
    argv = unit["ExecStart"][0].split()
    assert argv[0] == "/opt/kimdesk-office/bin/kimdesk-office"
    argv[0] = str(VENV_BIN / "kimdesk-office")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    for assignment in unit["Environment"]:
        key, _, value = assignment.partition("=")
        env[key] = value
    assert unit["EnvironmentFile"] == ["-/etc/kimdesk-office/office.env"]
    for line in environment_file.splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    state = tmp_path / "var-lib-kimdesk-office"
    state.mkdir()
    assert unit["WorkingDirectory"] == ["/var/lib/kimdesk-office"]
    return subprocess.Popen(argv, cwd=state, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def test_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze not installed")
    placed = tmp_path / "kimdesk-office.service"
    # verify checks that ExecStart exists: point it at this venv's kimdesk-office
    placed.write_text(UNIT.read_text("utf-8").replace(
        "/opt/kimdesk-office/bin/kimdesk-office", str(VENV_BIN / "kimdesk-office")))
    done = subprocess.run(["systemd-analyze", "verify", str(placed)], capture_output=True,
                          text=True, timeout=HANG_GUARD_S)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    # and verify does find mistakes: a misspelt directive is reported
    placed.write_text(placed.read_text("utf-8").replace("ProtectSystem=", "ProtectSytem="))
    done = subprocess.run(["systemd-analyze", "verify", str(placed)], capture_output=True,
                          text=True, timeout=HANG_GUARD_S)
    assert "ProtectSytem" in done.stdout + done.stderr


def test_unit_is_locked_down():
    unit = unit_entries(UNIT)
    for key, value in (("DynamicUser", "yes"), ("ProtectSystem", "strict"),
                       ("NoNewPrivileges", "yes"), ("CapabilityBoundingSet", ""),
                       ("PrivateTmp", "yes"), ("LimitCORE", "0"), ("UMask", "0077")):
        assert unit[key] == [value], key
    assert "KIMDESK_OFFICE_CONFIG=/etc/kimdesk-office/office.toml" in unit["Environment"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_office_starts_from_the_unit(tmp_path, request, backend):
    url = (f"sqlite:///{tmp_path}/office.db" if backend == "sqlite"
           else fresh_database(request.getfixturevalue("postgres_server"), "unit"))
    port = free_port()
    config = tmp_path / "office.toml"
    config.write_text(f'host = "127.0.0.1"\nport = {port}\nlog_level = "warning"\n'
                      'db = "sqlite:////nonexistent/overridden-by-the-environment.db"\n')
    proc = office_from_unit(tmp_path, f"KIMDESK_OFFICE_CONFIG={config}\n"
                                      f"KIMDESK_OFFICE_DB={url}\n", port)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", timeout=HANG_GUARD_S, proc=proc)
        health = httpx.get(f"http://127.0.0.1:{port}/v1/health").json()
        assert health == {"status": "ok", "protocol": 1, "version": VERSION}
        probe = subprocess.run([str(VENV_BIN / "kimdesk-office"), "health", "--port",
                                str(port)], capture_output=True, text=True,
                               timeout=HANG_GUARD_S)
        assert probe.returncode == 0 and f"KIMdesk {VERSION}" in probe.stdout
        engine = office_db.build_engine(url)
        assert office_db.current_revision(engine) == office_db.head_revision()
        engine.dispose()
    finally:
        proc.terminate()
        proc.wait(HANG_GUARD_S)


def test_health_probe_fails_when_no_office_answers():
    done = subprocess.run([str(VENV_BIN / "kimdesk-office"), "health", "--port",
                           str(free_port())], capture_output=True, text=True,
                          timeout=HANG_GUARD_S)
    assert done.returncode == 1
    assert "antwortet nicht" in done.stderr and "Traceback" not in done.stderr


def run_office_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    full.update(env or {})
    return subprocess.run([str(VENV_BIN / "kimdesk-office"), *args], capture_output=True,
                          text=True, env=full, timeout=HANG_GUARD_S)


def test_settings_come_from_file_then_environment_then_command_line(tmp_path):
    from kimdesk.office.service_config import service_settings

    config = tmp_path / "office.toml"
    config.write_text('db = "sqlite:///a.db"\nport = 9000\nhost = "0.0.0.0"\n')
    env = {"KIMDESK_OFFICE_CONFIG": str(config), "KIMDESK_OFFICE_PORT": "9100"}
    assert service_settings(environ=env) == {"db": "sqlite:///a.db", "port": 9100,
                                             "host": "0.0.0.0"}
    # and the command line over both: `devices` lists the database it was given
    first = tmp_path / "first.db"
    done = run_office_cli("devices", "--db", f"sqlite:///{first}", env=env)
    assert done.returncode == 0, done.stderr
    assert first.exists() and not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("content, message", [
    ('datenbank = "x"\n', "Unbekannte Einstellung datenbank"),
    ('port = "achtzig"\n', "Ungültiger Wert „achtzig“ für port"),
    ("port = \n", "kein gültiges TOML"),
])
def test_bad_config_file_is_refused_in_german(tmp_path, content, message):
    config = tmp_path / "office.toml"
    config.write_text(content)
    done = run_office_cli("migrate", "--config", str(config))
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_bad_environment_value_is_refused_in_german(tmp_path):
    done = run_office_cli("migrate", "--db", f"sqlite:///{tmp_path}/o.db",
                          env={"KIMDESK_OFFICE_PORT": "-5"})
    assert done.returncode == 1
    assert "Ungültiger Wert „-5“ für KIMDESK_OFFICE_PORT" in done.stderr


def fresh_database(server: str, purpose: str) -> str:
    name = f"office_{purpose}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


def test_second_instance_waits_for_the_migration_lock(postgres_server):
    """While one instance holds the migration lock, another starting up waits instead of
    migrating alongside; once the lock is free it finds nothing left to do and serves."""
    url = fresh_database(postgres_server, "lock")
    holder = create_engine(url).connect()
    holder.execute(text(f"SELECT pg_advisory_lock({office_db.MIGRATION_LOCK})"))
    waiting = subprocess.Popen([str(VENV_BIN / "kimdesk-office"), "migrate", "--db", url],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: holder.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
            .scalar() == 1, "the second instance waiting for the lock")
        assert waiting.poll() is None
        assert holder.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None
        # the lock holder migrates in its own session (as a first instance would), then
        # lets go
        cfg = office_db.alembic_config()
        cfg.attributes["connection"] = holder
        command.upgrade(cfg, "head")
        holder.commit()
        holder.execute(text(f"SELECT pg_advisory_unlock({office_db.MIGRATION_LOCK})"))
        holder.commit()
        out, err = waiting.communicate(timeout=HANG_GUARD_S)
        assert waiting.returncode == 0, err
        assert holder.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == office_db.head_revision()
    finally:
        if waiting.poll() is None:
            waiting.kill()
        holder.close()


def test_two_instances_migrating_at_once_both_succeed(postgres_server):
    url = fresh_database(postgres_server, "race")
    procs = [subprocess.Popen([str(VENV_BIN / "kimdesk-office"), "migrate", "--db", url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    results = [(p.wait(HANG_GUARD_S), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    engine = office_db.build_engine(url)
    assert office_db.current_revision(engine) == office_db.head_revision()
    engine.dispose()


def test_example_config_file_is_accepted_as_shipped():
    from kimdesk.office.service_config import read_config_file

    values = read_config_file(ROOT / "installer" / "office" / "office.toml.example")
    assert values["db"] == "sqlite:////var/lib/kimdesk-office/office.db"
    assert (values["host"], values["port"]) == ("127.0.0.1", 8765)


def test_container_file_runs_unprivileged_with_a_health_check():
    """What the image promises (built with podman here, see installer/README.md)."""
    lines = [line.strip() for line in
             (ROOT / "installer" / "office" / "Containerfile").read_text("utf-8").splitlines()]
    final_stage = lines[max(i for i, line in enumerate(lines) if line.startswith("FROM")):]
    assert "USER 10001:10001" in final_stage
    health = next(line for line in final_stage if line.startswith("HEALTHCHECK"))
    follow = final_stage[final_stage.index(health) + 1]
    assert '"kimdesk-office", "health"' in follow
    assert 'VOLUME ["/var/lib/kimdesk-office"]' in final_stage
    assert 'ENTRYPOINT ["kimdesk-office"]' in final_stage
    assert not any(line.startswith("ADD") for line in lines)  # nothing fetched at build


def test_laptop_reports_the_pyproject_version_in_the_sync_handshake(sqlite_office, sync_store):
    """Every request says ``User-Agent: kimdesk/VERSION``; the office keeps it per device
    (Geräte page) — the same number as /v1/health and the bundle."""
    from kimdesk.office import devices
    from kimdesk.sync.rounds import Synchronizer
    from tests.sync.conftest import enroll_store

    device_id = enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    assert Synchronizer(sync_store).run_round().ok
    (device,) = [d for d in devices.list_devices(sqlite_office.engine) if d.id == device_id]
    assert device.app_version == VERSION
