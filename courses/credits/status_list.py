"""Revocation as a W3C Bitstring Status List: one signed list, bit ``record id`` set when revoked.

A verifier reads bit ``statusListIndex`` of the gzip-compressed, base64url (multibase ``u``)
``encodedList``; the first index is the left-most bit of the first byte. The list is at least
16 KB (131,072 entries, the specification's minimum, so that a list says little about any one
learner) and grows in whole bytes past that.
"""

from __future__ import annotations

import base64
import gzip
from datetime import datetime
from typing import Any

from courses.credits.documents import CREDENTIALS_V2
from courses.credits.issuer_keys import Issuer
from courses.credits.proofs import sign
from courses.models import CreditRecord

__all__ = [
    "STATUS_LIST_PATH",
    "is_set",
    "revocation_list",
    "status_entry",
]

STATUS_LIST_PATH = "/credentials/status/revocation"
MIN_ENTRIES = 131_072


def status_list_url(issuer: Issuer) -> str:
    return issuer.url + STATUS_LIST_PATH


def status_entry(issuer: Issuer, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` of the credential of record ``index``."""
    url = status_list_url(issuer)
    return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(index), "statusListCredential": url}


def encode(indexes: list[int]) -> str:
    """The ``encodedList`` with exactly these bits set."""
    size = max(MIN_ENTRIES, -(-(max(indexes, default=0) + 1) // 8) * 8)
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def is_set(encoded: str, index: int) -> bool:
    """Whether bit ``index`` of an ``encodedList`` is set (beyond the end: not set).

    :raises ValueError: the list is not multibase base64url gzip.
    """
    if not encoded.startswith("u"):
        raise ValueError("encodedList is not multibase base64url")
    raw = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


async def revocation_list(issuer: Issuer, *, now: datetime) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` of every revoked credit record, as of ``now``."""
    revoked = await CreditRecord.filter(revoked_at__isnull=False).values_list("id", flat=True)
    url = status_list_url(issuer)
    credential = {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {"id": url + "#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encode(sorted(int(i) for i in revoked))},  # type: ignore[call-overload]
    }
    key = issuer.signing_key
    return sign(credential, key.private, method=issuer.method(key), created=now)
