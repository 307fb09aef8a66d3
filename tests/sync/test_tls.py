"""The office serves TLS when given a certificate; the laptop verifies it."""

import datetime
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kimdesk.office import db as office_db
from kimdesk.sync.errors import OfficeUnreachableError
from kimdesk.sync.rounds import Synchronizer
from tests.sync.conftest import OfficeProcess
from tests.sync.test_delivery import assert_exactly_once, queue_items


def self_signed(folder):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_delivery_over_tls_and_refusal_of_an_unknown_certificate(tmp_path, sqlite_office_url,
                                                                 sync_store):
    cert, key = self_signed(tmp_path)
    server = OfficeProcess(sqlite_office_url, tls=(cert, key)).start()
    engine = office_db.open_database(sqlite_office_url)
    try:
        assert server.url.startswith("https://")
        from kimdesk.office import devices
        from kimdesk.sync.enrollment import enroll
        with pytest.raises(OfficeUnreachableError):  # not trusted without the CA
            enroll(sync_store, server.url, devices.new_code(engine, "TLS"))
        enroll(sync_store, server.url, devices.new_code(engine, "TLS"), verify=str(cert))
        ids = queue_items(sync_store, 10)
        assert Synchronizer(sync_store, verify=str(cert)).run_round().ok
        assert_exactly_once(engine, ids)
    finally:
        server.stop()
        engine.dispose()
