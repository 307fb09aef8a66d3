"""The Verlauf's head on the wire: sent with every sync, signed with the device key.

A laptop's audit log is a hash chain (``kimdesk.store.audit_chain``). Its head — the last
entry's number and link hash — is signed with the device's Ed25519 key and posted to the
office after each round. With it go *anchors*: the link hash the laptop's log has *now* at
numbers the office saw before. The office keeps every head it accepted
(``kimdesk.office.audit_heads``); an anchor that differs from what it kept means the log was
rewritten, a head below the last one it kept means the log was cut off. Neither can be
hidden by someone who holds the store's key, since the office's copy is out of reach.

No personal data: two numbers, hashes and a signature.
"""

import base64
from typing import Final, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "kimdesk.audit_head/1"
HEX64 = r"^[0-9a-f]{64}$"
MAX_ANCHORS = 8
#: what the office answers
OK: Final = "ok"
UNVERIFIED: Final = "unverified"
TRUNCATED: Final = "truncated"
REWRITTEN: Final = "rewritten"
Status = Literal["ok", "unverified", "truncated", "rewritten"]


class ChainAnchor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=0, le=2**53)
    chain_hash: str = Field(pattern=HEX64)


class AuditHead(BaseModel):
    """What the laptop posts to :data:`kimdesk.sync.protocol.AUDIT_HEAD_PATH`."""

    model_config = ConfigDict(extra="forbid")

    schema_: Literal["kimdesk.audit_head/1"] = Field(alias="schema",
                                                     default="kimdesk.audit_head/1")
    seq: int = Field(ge=0, le=2**53, description="number of the last Verlauf entry")
    chain_hash: str = Field(pattern=HEX64, description="link hash of that entry")
    signature: str = Field(min_length=1, max_length=200,
                           description="Ed25519 over signed_message(), base64")
    anchors: list[ChainAnchor] = Field(default_factory=list, max_length=MAX_ANCHORS)


class AuditHeadAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status
    known_seq: int = Field(ge=0, description="the last head the office accepted")
    want: list[int] = Field(default_factory=list, max_length=MAX_ANCHORS,
                            description="numbers whose link hash the office asks for")


def signed_message(device_id: str, seq: int, chain_hash: str) -> bytes:
    return f"{SCHEMA}\n{device_id}\n{seq}\n{chain_hash}".encode()


def sign_head(private_key: bytes, device_id: str, seq: int, chain_hash: str,
              anchors: list[ChainAnchor] | None = None) -> AuditHead:
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(
        signed_message(device_id, seq, chain_hash))
    return AuditHead(seq=seq, chain_hash=chain_hash,
                     signature=base64.b64encode(signature).decode("ascii"),
                     anchors=anchors or [])


def head_signature_valid(public_key: bytes, device_id: str, head: AuditHead) -> bool:
    try:
        signature = base64.b64decode(head.signature.encode("ascii"), validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, signed_message(device_id, head.seq, head.chain_hash))
    except (InvalidSignature, ValueError):
        return False
    return True
