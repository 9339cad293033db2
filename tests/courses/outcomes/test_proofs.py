"""Proof uploads: size, type by magic bytes, agreement of content, declared type and extension."""

from __future__ import annotations

import pytest

from courses.errors import InvalidInput
from courses.outcomes import MAX_PROOF_BYTES, check_proof
from tests.courses.outcomes.account import PDF, PNG


def test_pdf_png_and_jpeg_are_accepted() -> None:
    assert check_proof(PDF, "application/pdf", "cert.PDF").media_type == "application/pdf"
    assert check_proof(PNG, "image/png", "cert.png").media_type == "image/png"
    assert check_proof(b"\xff\xd8\xff\xe0" + b"\0" * 16, "image/jpeg", "cert.jpeg").media_type == "image/jpeg"


@pytest.mark.parametrize(("content", "declared", "filename", "problem"), [
    (b"", "application/pdf", "a.pdf", "size"),
    (b"%PDF-" + b"\0" * MAX_PROOF_BYTES, "application/pdf", "a.pdf", "size"),
    (b"<html><script>", "text/html", "a.html", "type"),
    (b"GIF89a....", "image/gif", "a.gif", "type"),
    (b"MZ\x90\0 not a pdf", "application/pdf", "a.pdf", "type"),
    (PNG, "application/pdf", "a.pdf", "mismatch"),
    (PDF, "image/png", "a.png", "mismatch"),
    (PDF, "application/pdf", "a.png", "mismatch"),
])
def test_refused_uploads(content: bytes, declared: str, filename: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_proof(content, declared, filename)
    assert refused.value.details["problem"] == problem
