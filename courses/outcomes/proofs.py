"""Proof files of outcomes: checked by their first bytes, kept in the data folder, never under the web root.

A proof is accepted only when its content is a PDF, PNG or JPEG, the type the browser declared
(and the file name's extension) says the same, and it is not bigger than :data:`MAX_PROOF_BYTES`.
Files are named by a random token, so a stored path says nothing about the learner.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from courses.errors import InvalidInput

__all__ = ["MAX_PROOF_BYTES", "PROOF_FOLDER", "Proof", "check_proof", "read_proof", "store_proof"]

# Below the portal's request body limit (256 KiB): a phone photo of a certificate, compressed, or a PDF.
MAX_PROOF_BYTES = 200 * 1024
PROOF_FOLDER = "proofs"
_SIGNATURES = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_EXTENSIONS = {"application/pdf": (".pdf",), "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}


@dataclass(frozen=True, slots=True)
class Proof:
    content: bytes
    media_type: str


def sniff(content: bytes) -> str | None:
    """The media type the content really is, among the accepted ones."""
    return next((kind for kind, magic in _SIGNATURES.items() if content.startswith(magic)), None)


def check_proof(content: bytes, declared_type: str, filename: str) -> Proof:
    """Accept an uploaded proof.

    :raises InvalidInput: empty or too big (``problem="size"``), not a PDF/PNG/JPEG (``"type"``),
        or the content is not what the declared type or the extension says (``"mismatch"``).
    """
    if not content or len(content) > MAX_PROOF_BYTES:
        raise InvalidInput("proof", field="proof", problem="size")
    declared = declared_type.split(";")[0].strip().lower()
    if declared not in _SIGNATURES:
        raise InvalidInput("proof", field="proof", problem="type")
    actual = sniff(content)
    if actual is None:
        raise InvalidInput("proof", field="proof", problem="type")
    if actual != declared or not filename.lower().endswith(_EXTENSIONS[declared]):
        raise InvalidInput("proof", field="proof", problem="mismatch")
    return Proof(content, declared)


def store_proof(data_dir: Path, proof: Proof) -> str:
    """Write the proof under ``data_dir/proofs`` and return its path relative to ``data_dir``."""
    folder = data_dir / PROOF_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + _EXTENSIONS[proof.media_type][0]
    (folder / name).write_bytes(proof.content)
    return f"{PROOF_FOLDER}/{name}"


def read_proof(data_dir: Path, relative: str, media_type: str) -> Proof:
    """Read a stored proof back (the path comes from the database, never from a request)."""
    return Proof((data_dir / relative).read_bytes(), media_type)
