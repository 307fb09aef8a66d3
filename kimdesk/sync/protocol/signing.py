"""Request signing with Ed25519: each request carries device id, timestamp, nonce and a
signature over a canonical string that binds method, path, query and body hash.

The office refuses requests whose timestamp is too far off, whose nonce it has seen, or
whose device is unknown or revoked (see ``kimdesk.office.auth``).
"""

import base64
import hashlib
import os
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SCHEME = "KIMDESK-ED25519-1"
H_DEVICE = "X-Kimdesk-Device"
H_TIMESTAMP = "X-Kimdesk-Timestamp"
H_NONCE = "X-Kimdesk-Nonce"
H_SIGNATURE = "X-Kimdesk-Signature"
SIGNED_HEADERS = (H_DEVICE, H_TIMESTAMP, H_NONCE, H_SIGNATURE)


def new_private_key() -> bytes:
    """32 raw bytes of a fresh Ed25519 private key (made on the device)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption())


def public_key_of(private_key: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical_request(method: str, path: str, query: str, device_id: str, timestamp: str,
                      nonce: str, body: bytes) -> bytes:
    return "\n".join((SCHEME, method.upper(), path, query, device_id, timestamp, nonce,
                      hashlib.sha256(body).hexdigest())).encode("utf-8")


def sign_headers(private_key: bytes, device_id: str, method: str, path: str, query: str,
                 body: bytes, now: float | None = None) -> dict[str, str]:
    """The four headers that authenticate one request."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = os.urandom(16).hex()
    message = canonical_request(method, path, query, device_id, timestamp, nonce, body)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(message)
    return {H_DEVICE: device_id, H_TIMESTAMP: timestamp, H_NONCE: nonce,
            H_SIGNATURE: b64(signature)}


@dataclass(frozen=True)
class SignedRequest:
    device_id: str
    timestamp: int
    nonce: str
    signature: bytes


def verify(public_key: bytes, req: SignedRequest, method: str, path: str, query: str,
           body: bytes) -> bool:
    message = canonical_request(method, path, query, req.device_id, str(req.timestamp),
                                req.nonce, body)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(req.signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
