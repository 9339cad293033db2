"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA).

Signing: canonicalize the proof options and the document (RDFC-1.0, which pyld implements as
URDNA2015), hash each with SHA-256, sign the proof-options hash followed by the document hash with
Ed25519, and encode the signature base58btc (``z…``). Verifying repeats the same steps with the
public key of the ``verificationMethod``. Contexts come from :mod:`courses.credits.documents` only.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from courses.credits.documents import load_document

__all__ = [
    "CRYPTOSUITE",
    "canonical_nquads",
    "check_proof",
    "sign",
]

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document, contexts resolved offline."""
    # pyld brings requests and lxml: about 15 MB a process, loaded only where credentials are signed or read.
    from pyld import jsonld

    nquads: str = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                              "documentLoader": load_document})
    return nquads


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    config = {**{k: v for k, v in options.items() if k != "proofValue"}, "@context": document["@context"]}
    return (hashlib.sha256(canonical_nquads(config).encode()).digest()
            + hashlib.sha256(canonical_nquads(unsigned).encode()).digest())


def sign(document: dict[str, Any], key: Ed25519PrivateKey, *, method: str, created: datetime) -> dict[str, Any]:
    """Return a copy of ``document`` with an ``assertionMethod`` proof by ``key`` (named ``method``)."""
    options = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE, "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
               "verificationMethod": method, "proofPurpose": "assertionMethod"}
    signature = key.sign(_hash_data(document, options))
    signed = copy.deepcopy(document)
    signed["proof"] = {**options, "proofValue": "z" + base58.b58encode(signature).decode()}
    return signed


def check_proof(document: dict[str, Any], resolve: Callable[[str], Ed25519PublicKey | None]) -> bool:
    """Whether ``document`` carries one valid ``eddsa-rdfc-2022`` assertion proof.

    ``resolve`` maps a verification method to its public key (None: unknown method). A malformed
    proof, an unknown key, a context that is not bundled or a changed statement is simply not valid.
    """
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    if proof.get("proofPurpose") != "assertionMethod":
        return False
    value, method = proof.get("proofValue"), proof.get("verificationMethod")
    if not isinstance(value, str) or not value.startswith("z") or not isinstance(method, str):
        return False
    key = resolve(method)
    if key is None:
        return False
    from pyld.jsonld import JsonLdError

    try:
        signature = base58.b58decode(value[1:])
        key.verify(signature, _hash_data(document, proof))
    except (InvalidSignature, ValueError, TypeError, KeyError, JsonLdError):
        return False
    return True
