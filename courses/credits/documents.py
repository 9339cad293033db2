"""The JSON-LD contexts of our credentials, bundled in the package, and a loader that never goes online.

Canonicalization (and so every signature) depends on these exact documents: fetching them at issue
or verify time would let a network outage, or whoever answers for the URL, change what a proof means.
A credential naming any other remote context is refused rather than resolved.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "CREDENTIALS_V2",
    "OPEN_BADGES_V3",
    "load_document",
]

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

_FOLDER = Path(__file__).resolve().parent / "contexts"
_FILES = {
    CREDENTIALS_V2: "credentials-v2.jsonld",  # w3c/vc-data-model contexts/credentials/v2 (VC 2.0 REC)
    OPEN_BADGES_V3: "ob-context-3.0.3.json",  # 1EdTech/openbadges-specification ob_v3p0/context-3.0.3.json
}


@cache
def _document(url: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((_FOLDER / _FILES[url]).read_text(encoding="utf-8"))
    return document


def load_document(url: str, options: object = None) -> dict[str, Any]:
    """Return a bundled context in pyld's remote-document shape; any other URL is refused.

    :raises JsonLdError: the URL is not one of the bundled contexts.
    """
    if url not in _FILES:
        from pyld.jsonld import JsonLdError  # pyld (with requests and lxml) loads when a credential is read

        raise JsonLdError(f"context {url} is not bundled; nothing is fetched over the network",
                          "jsonld.LoadDocumentError", {"url": url}, code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": _document(url)}
