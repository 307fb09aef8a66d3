"""``kimdesk-office``: run the district office server and manage its devices.

    kimdesk-office serve   --db URL [--host 127.0.0.1] [--port 8765] [--certfile F --keyfile F]
    kimdesk-office enroll  --db URL --device-name NAME [--valid-hours 24]
    kimdesk-office revoke  --db URL DEVICE
    kimdesk-office devices --db URL [--json]
    kimdesk-office chains  --db URL [--json]
    kimdesk-office publish --db URL --kind service|catalogue|feedback FILE.json
    kimdesk-office stats   --db URL [--json]
    kimdesk-office migrate --db URL
    kimdesk-office user add|passwd|disable|enable --db URL NAME [--role admin]
    kimdesk-office demo    [--dir DIR] [--port 8765]

``--db`` takes a SQLAlchemy URL (``sqlite:///office.db``, ``postgresql://user@host/db``) or
a plain file path (SQLite). Exit codes: 0 ok, 1 error (one German sentence on stderr).
"""

import argparse
import json
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from kimdesk.office import db as office_db
from kimdesk.office import devices, ingest, publications
from kimdesk.office.limits import TrustedProxies
from kimdesk.office.service_config import ServiceConfigError, service_settings
from kimdesk.sync.protocol.schema import SchemaError


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=office_db.DEFAULT_URL, metavar="URL",
                   help="Datenbank (SQLite-Datei oder PostgreSQL-URL; auch KIMDESK_OFFICE_DB)")
    p.add_argument("--config", type=Path, metavar="DATEI",
                   help="Einstellungen als TOML-Datei (auch KIMDESK_OFFICE_CONFIG); "
                        "Umgebungsvariablen KIMDESK_OFFICE_… und Aufrufoptionen gehen vor")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kimdesk-office",
                                     description="KIMdesk Kreisbüro-Server")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    p = sub.add_parser("serve", help="Server starten")
    _db_arg(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--certfile", type=Path, help="TLS-Zertifikat (PEM)")
    p.add_argument("--keyfile", type=Path, help="privater TLS-Schlüssel (PEM)")
    p.add_argument("--log-level", default="info")
    p.add_argument("--forwarded-allow-ips", default="", metavar="ADRESSEN",
                   help="Proxys, deren X-Forwarded-For gilt (IPs/Netze mit Komma, z. B. "
                        "127.0.0.1); ohne Angabe gilt der Kopf von niemandem")
    p.add_argument("--header-timeout", type=float, default=10.0, metavar="SEKUNDEN",
                   help="Frist für die Kopfzeilen einer Anfrage")
    p.add_argument("--request-timeout", type=float, default=30.0, metavar="SEKUNDEN",
                   help="Frist für den ganzen Inhalt einer Anfrage")
    p.add_argument("--max-connections-per-client", type=int, default=16, metavar="N",
                   help="gleichzeitige Verbindungen je Adresse (Proxys ausgenommen)")
    for name, default, what in (("device", "20/60", "signierte Anfragen je Gerät"),
                                ("address", "50/200", "Anfragen je Adresse"),
                                ("enroll", "0.2/10", "Anmeldeversuche je Adresse")):
        p.add_argument(f"--{name}-limit", type=_rate, default=_rate(default),
                       metavar="RATE/STOSS", help=f"{what}: pro Sekunde / höchstens auf "
                                                  f"einmal (Standard {default})")
    p.add_argument("--figures-per-device", action="store_true",
                   help="Kennzahlen je Gerät zeigen (nur mit Zustimmung des Personalrats)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("enroll", help="Einmal-Code für ein neues Gerät ausgeben")
    _db_arg(p)
    p.add_argument("--device-name", required=True)
    p.add_argument("--valid-hours", type=float, default=24.0)
    p.set_defaults(func=cmd_enroll)
    p = sub.add_parser("revoke", help="Gerät sperren")
    _db_arg(p)
    p.add_argument("device", metavar="GERÄT", help="Geräte-ID oder genauer Name")
    p.set_defaults(func=cmd_revoke)
    p = sub.add_parser("devices", help="Geräte auflisten")
    _db_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_devices)
    p = sub.add_parser("chains", help="Verlauf je Gerät: zuletzt bestätigt, gekürzt oder "
                                      "umgeschrieben")
    _db_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_chains)
    p = sub.add_parser("publish", help="Versorgungssystem, Kataloge oder Rückmeldungen "
                                       "veröffentlichen")
    _db_arg(p)
    p.add_argument("--kind", required=True, choices=("service", "catalogue", "feedback"))
    p.add_argument("file", type=Path, metavar="DATEI")
    p.set_defaults(func=cmd_publish)
    p = sub.add_parser("stats", help="Geräte und empfangene Einträge je Art")
    _db_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("user", help="Konten des Arbeitsbereichs (erstes Administrationskonto)")
    p.add_argument("action", choices=("add", "passwd", "disable", "enable"))
    _db_arg(p)
    p.add_argument("username", metavar="BENUTZERNAME")
    p.add_argument("--role", default="admin", choices=("admin", "coordination", "steering"),
                   help="Rolle beim Anlegen (Standard: admin)")
    p.add_argument("--name", default="", help="angezeigter Name")
    p.set_defaults(func=cmd_user)
    p = sub.add_parser("demo", help="Demo-Kreisbüro auf 127.0.0.1 mit synchronisierten "
                                    "Demo-Laptops starten")
    p.add_argument("--dir", type=Path, help="Ordner für Datenbank und Demo-Laptops "
                                            "(Standard: ein neuer temporärer Ordner)")
    p.add_argument("--port", type=int, default=8765)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("health", help="läuft der Server? (Prüfung für systemd und Container)")
    p.add_argument("--config", type=Path, metavar="DATEI", help="wie bei serve")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--certfile", type=Path, help="gesetzt: über TLS fragen")
    p.set_defaults(func=cmd_health)
    p = sub.add_parser("migrate", help="Datenbankschema aktualisieren")
    _db_arg(p)
    p.set_defaults(func=cmd_migrate)
    return parser


def _rate(text: str) -> tuple[float, float]:
    """``RATE/BURST`` as two positive numbers."""
    try:
        rate, burst = (float(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Angabe RATE/STOSS") from None
    if not (rate > 0 and burst >= 1):
        raise argparse.ArgumentTypeError(f"„{text}“: RATE > 0 und STOSS ≥ 1")
    return rate, burst


def cmd_serve(args: argparse.Namespace) -> int:
    from kimdesk.office import serving
    from kimdesk.office.app import OfficeSettings, create_app

    if bool(args.certfile) != bool(args.keyfile):
        raise OfficeCliError("Für TLS bitte --certfile und --keyfile zusammen angeben.")
    try:
        trusted = TrustedProxies(args.forwarded_allow_ips)
    except ValueError as exc:
        raise OfficeCliError(f"--forwarded-allow-ips: keine gültige Adresse ({exc}).") from None
    engine = office_db.open_database(args.db)
    settings = OfficeSettings(request_timeout=args.request_timeout,
                              per_device_figures=args.figures_per_device)
    settings.device_rate, settings.device_burst = args.device_limit
    settings.ip_rate, settings.ip_burst = args.address_limit
    settings.enroll_rate, settings.enroll_burst = args.enroll_limit
    serving.run(create_app(engine, settings), serving.ServeOptions(
        host=args.host, port=args.port, certfile=args.certfile, keyfile=args.keyfile,
        log_level=args.log_level, forwarded_allow_ips=trusted.spec,
        header_timeout=args.header_timeout, per_client=args.max_connections_per_client))
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 when this machine's office answers /v1/health (container HEALTHCHECK)."""
    import httpx

    from kimdesk.sync.protocol import HEALTH_PATH

    host = "127.0.0.1" if args.host in ("0.0.0.0", "", "::") else args.host
    scheme = "https" if args.certfile else "http"
    url = f"{scheme}://{host.join('[]') if ':' in host else host}:{args.port}{HEALTH_PATH}"
    try:
        # a liveness probe on this machine: nothing is sent, the certificate may name the
        # public host name, so it is not checked here
        answer = httpx.get(url, timeout=5.0, verify=False).json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OfficeCliError(f"Der Server unter {url} antwortet nicht "
                             f"({type(exc).__name__}).") from None
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        raise OfficeCliError(f"Der Server unter {url} meldet keinen Betrieb.")
    print(f"ok: KIMdesk {answer.get('version', '?')}, Protokoll {answer.get('protocol')}")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    engine = office_db.open_database(args.db)
    code = devices.new_code(engine, args.device_name, args.valid_hours)
    print(code)
    print(f"Gültig {args.valid_hours:g} Stunden, nur einmal verwendbar.", file=sys.stderr)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    engine = office_db.open_database(args.db)
    device = devices.revoke(engine, args.device)
    if device is None:
        raise OfficeCliError(f"Kein (eindeutiges) Gerät „{args.device}“ gefunden.")
    print(f"Gerät {device.id} ({device.name}) ist gesperrt.")
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    engine = office_db.open_database(args.db)
    rows = [{"id": d.id, "name": d.name, "enrolled_at": d.enrolled_at.isoformat(),
             "revoked": d.revoked_at is not None,
             "last_seen_at": d.last_seen_at.isoformat() if d.last_seen_at else None}
            for d in devices.list_devices(engine)]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['id']}  {'gesperrt' if r['revoked'] else 'aktiv   '}  {r['name']}")
    return 0


def cmd_chains(args: argparse.Namespace) -> int:
    from kimdesk.office import audit_heads

    engine = office_db.open_database(args.db)
    chains = audit_heads.overview(engine)
    if args.json:
        print(json.dumps([{
            "id": c.device_id, "name": c.device_name, "sound": c.sound,
            "accepted_seq": c.accepted_seq,
            "accepted_at": c.accepted_at.isoformat() if c.accepted_at else None,
            "findings": [{"finding": label, "seq": seq, "last_seen_at": at.isoformat()}
                         for label, seq, at in c.findings]} for c in chains],
            indent=2, ensure_ascii=False))
        return 0
    for c in chains:
        state = "in Ordnung" if c.sound else "AUFFÄLLIG"
        seen = f"bestätigt bis Eintrag {c.accepted_seq}" if c.accepted_seq is not None \
            else "noch kein Verlauf gemeldet"
        print(f"{c.device_id}  {state:10}  {c.device_name}: {seen}")
        for label, seq, at in c.findings:
            print(f"    {label} (Eintrag {seq}, zuletzt {at.isoformat()})")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    engine = office_db.open_database(args.db)
    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OfficeCliError(f"Die Datei {args.file} ist kein lesbares JSON.") from exc
    entries = data if isinstance(data, list) else [data]
    try:
        n = publications.publish(engine, args.kind, entries)
    except SchemaError as exc:
        raise OfficeCliError(f"Nicht veröffentlicht: {exc}") from exc
    print(f"{n} Einträge veröffentlicht.")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    engine = office_db.open_database(args.db)
    result = ingest.stats(engine)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        d = result["devices"]
        print(f"Geräte: {d['total']} ({d['active']} aktiv, {d['revoked']} gesperrt)")
        for kind, c in sorted(result["items"].items()):
            print(f"{kind:20} {c['received']:>8} empfangen, {c['current']:>6} aktuell")
    return 0


def _new_password() -> str:
    """From KIMDESK_OFFICE_PASSWORD (scripts) or a hidden prompt, asked twice."""
    import getpass

    env = os.environ.get("KIMDESK_OFFICE_PASSWORD")
    if env is not None:
        return env
    first = getpass.getpass("Neues Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        raise OfficeCliError("Die beiden Eingaben stimmen nicht überein.")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from kimdesk.office.web import audit
    from kimdesk.office.web.accounts import ROLES, AccountError, Accounts

    engine = office_db.open_database(args.db)
    accounts = Accounts(engine)
    try:
        if args.action == "add":
            account = accounts.add(args.username, _new_password(), args.role, args.name)
            audit.record(engine, "kommandozeile", "account_add",
                         f"{account.username} ({ROLES[account.role]})")
            print(f"Konto „{account.username}“ ({ROLES[account.role]}) angelegt.")
        elif args.action == "passwd":
            accounts.set_password(args.username, _new_password())
            audit.record(engine, "kommandozeile", "account_password", args.username)
            print(f"Passwort von „{args.username}“ gesetzt; seine Sitzungen sind beendet.")
        else:
            accounts.set_disabled(args.username, args.action == "disable")
            audit.record(engine, "kommandozeile", f"account_{args.action}", args.username)
            print(f"Konto „{args.username}“ ist "
                  f"{'deaktiviert' if args.action == 'disable' else 'wieder aktiv'}.")
    except AccountError as exc:
        raise OfficeCliError(str(exc)) from exc
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    # the demo orchestrates laptops (case stores) and the office: a developer tool, not
    # part of the office server, so it lives in kimdesk.demo
    from kimdesk.demo.office_demo import run

    return run(args.dir, args.port)


def cmd_migrate(args: argparse.Namespace) -> int:
    office_db.open_database(args.db)
    print("Das Datenbankschema ist aktuell.")
    return 0


class OfficeCliError(Exception):
    pass


def _apply_service_settings(parser: argparse.ArgumentParser, argv: list[str] | None) -> None:
    """Defaults from KIMDESK_OFFICE_* and the config file, below what argv itself says."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--config", type=Path)
    known, _rest = pre.parse_known_args(argv)
    try:
        values = service_settings(known.config)
    except ServiceConfigError as exc:
        raise OfficeCliError(str(exc)) from None
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        for sub in getattr(action, "choices", {}).values():
            dests = {a.dest for a in sub._actions}
            sub.set_defaults(**{k: v for k, v in values.items() if k in dests})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        _apply_service_settings(parser, argv)
    except OfficeCliError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except OfficeCliError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        if os.environ.get("KIMDESK_DEBUG"):
            raise
        print(f"Die Datenbank ist nicht erreichbar oder beschädigt ({type(exc).__name__}).",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
