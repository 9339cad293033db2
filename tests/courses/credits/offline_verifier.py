"""A verifier of eddsa-rdfc-2022 credentials written from the specification, sharing no code with
``courses.credits``: its own context loader, canonicalization call, hashing and key decoding."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

CONTEXTS = Path(__file__).resolve().parents[3] / "courses" / "credits" / "contexts"
FILES = {"https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json"}


def _loader(url: str, options: object = None) -> dict[str, Any]:
    if url not in FILES:  # the test machine is offline on purpose: fail loudly rather than fetch
        raise AssertionError(f"tried to load {url}")
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((CONTEXTS / FILES[url]).read_text(encoding="utf-8"))}


def _sha256_of_canonical(document: dict[str, Any]) -> bytes:
    nquads = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                         "documentLoader": _loader})
    return hashlib.sha256(nquads.encode("utf-8")).digest()


def public_key(did_document: dict[str, Any], method: str) -> Ed25519PublicKey:
    (entry,) = [m for m in did_document["verificationMethod"] if m["id"] == method]
    assert method in did_document["assertionMethod"]
    raw = base58.b58decode(entry["publicKeyMultibase"].removeprefix("z"))
    assert raw[:2] == b"\xed\x01"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verifies(credential: dict[str, Any], did_document: dict[str, Any]) -> bool:
    """Whether the credential's proof checks out against a key of the DID document."""
    proof = dict(credential["proof"])
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-rdfc-2022")
    signature = base58.b58decode(proof.pop("proofValue").removeprefix("z"))
    proof["@context"] = credential["@context"]
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    try:
        public_key(did_document, proof["verificationMethod"]).verify(
            signature, _sha256_of_canonical(proof) + _sha256_of_canonical(unsecured))
    except InvalidSignature:
        return False
    return True
