"""The issuer of our credentials: a ``did:web`` on ``PUBLIC_URL`` and its Ed25519 keys.

Keys live in ``data/issuer_keys.json`` next to the development ``SECRET_KEY``, never in the
database: a database dump must not be enough to forge credentials. The last key signs; rotating
appends a new one and keeps the old ones listed in the DID document, so credentials signed
before the rotation keep verifying.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from courses.errors import CourseError
from courses.settings import Settings

__all__ = [
    "KEY_FILE",
    "Issuer",
    "IssuerKey",
    "IssuerKeyMissing",
    "did_document",
    "did_web",
    "load_issuer",
    "multikey",
    "public_key_from_multikey",
    "public_url",
    "rotate_issuer_key",
]

log = logging.getLogger(__name__)
KEY_FILE = "issuer_keys.json"
ED25519_MULTICODEC = b"\xed\x01"


class IssuerKeyMissing(CourseError):
    """No issuer key exists and this environment may not make one on the fly (production)."""

    code = "issuer_key_missing"


@dataclass(frozen=True, slots=True)
class IssuerKey:
    id: str  # the fragment of the verification method, "key-1"
    created: datetime
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who signs: the DID, the portal's public base URL, every key (the last one signs)."""

    did: str
    url: str  # PUBLIC_URL without a trailing slash
    keys: tuple[IssuerKey, ...]
    salt_secret: bytes  # derives per-record salts of the learner's hashed identity
    locale: str  # DEFAULT_LOCALE, for links into the localized pages

    @property
    def signing_key(self) -> IssuerKey:
        return self.keys[-1]

    def method(self, key: IssuerKey) -> str:
        return f"{self.did}#{key.id}"

    def key_for(self, method: str) -> IssuerKey | None:
        return next((k for k in self.keys if self.method(k) == method), None)


def public_url(settings: Settings) -> str:
    """The absolute base of links that leave the request: ``PUBLIC_URL``, else ``http://HOST:PORT``."""
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")


def did_web(url: str) -> str:
    """The ``did:web`` of a base URL: the host (a port as ``%3A``), then each path segment."""
    parts = urlsplit(url)
    segments = [quote(parts.netloc, safe="")] + [quote(s, safe="") for s in parts.path.split("/") if s]
    return "did:web:" + ":".join(segments)


def multikey(key: Ed25519PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` of an Ed25519 key: ``z`` + base58btc(0xed01 + 32 bytes)."""
    return "z" + base58.b58encode(ED25519_MULTICODEC + key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    """Read a Multikey Ed25519 public key.

    :raises ValueError: not a base58btc multibase Ed25519 key.
    """
    if not value.startswith("z"):
        raise ValueError("not base58btc multibase")
    raw = base58.b58decode(value[1:])
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError("not an Ed25519 multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _read(path: Path) -> list[IssuerKey]:
    if not path.exists():
        return []
    stored = json.loads(path.read_text(encoding="utf-8"))
    return [IssuerKey(k["id"], datetime.fromisoformat(k["created"]),
                      Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(k["private"])))
            for k in stored["keys"]]


def _write(path: Path, keys: list[IssuerKey]) -> None:
    stored = {"keys": [{"id": k.id, "created": k.created.isoformat(), "private": base64.urlsafe_b64encode(
        k.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()} for k in keys]}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    partial.chmod(0o600)
    partial.replace(path)  # a crash mid-write never leaves a half file that loses the old keys


def _new_key(keys: list[IssuerKey], now: datetime) -> IssuerKey:
    return IssuerKey(f"key-{len(keys) + 1}", now, Ed25519PrivateKey.generate())


def load_issuer(settings: Settings, *, create: bool | None = None) -> Issuer:
    """Return the issuer with its keys; without a key file, make the first key when ``create``.

    ``create`` defaults to "not in production", like the development ``SECRET_KEY``.

    :raises IssuerKeyMissing: no key file and ``create`` is false.
    """
    path = settings.data_dir / KEY_FILE
    keys = _read(path)
    if not keys:
        if not (not settings.production if create is None else create):
            raise IssuerKeyMissing("run python -m courses issuer-key")
        keys = [_new_key([], datetime.now(UTC))]
        _write(path, keys)
        log.warning("Generated the credential issuer key in %s (keep it with SECRET_KEY)", path)
    url = public_url(settings)
    return Issuer(did_web(url), url, tuple(keys), (settings.secret_key or "").encode(), settings.default_locale)


def rotate_issuer_key(settings: Settings, *, now: datetime) -> Issuer:
    """Add a new signing key, keeping every older one for verification."""
    path = settings.data_dir / KEY_FILE
    keys = _read(path)
    keys.append(_new_key(keys, now))
    _write(path, keys)
    return load_issuer(settings, create=False)


def did_document(issuer: Issuer) -> dict[str, object]:
    """The DID document served at ``/.well-known/did.json``: every key, old ones included."""
    methods = [{"id": issuer.method(k), "type": "Multikey", "controller": issuer.did,
                "publicKeyMultibase": multikey(k.public)} for k in issuer.keys]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer.did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
