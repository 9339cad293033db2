"""Static files served from memory under versioned names with year-long cache lifetimes.

A file's URL carries a hash of its content (``/static/3f2a9c1b/portal.css``), so a changed
stylesheet gets a new URL and browsers may keep every version forever.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

STATIC_DIR = Path(__file__).resolve().parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str
    version: str
    content_type: str
    body: bytes
    gzipped: bytes

    @property
    def compressible(self) -> bool:
        """Text formats (the icon sprite included) shrink well; PNG and ICO are compressed already."""
        return self.content_type.startswith(("text/", "application/javascript", "image/svg+xml"))

    @property
    def url(self) -> str:
        return f"/static/{self.version}/{self.name}"


class Assets:
    """The portal's static files, read once at start-up."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self._by_name: dict[str, Asset] = {}
        for path in sorted(directory.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                body = path.read_bytes()
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                self._by_name[path.name] = Asset(
                    name=path.name,
                    version=hashlib.sha256(body).hexdigest()[:10],
                    content_type=content_type,
                    body=body,
                    gzipped=gzip.compress(body, 9, mtime=0),
                )

    def url(self, name: str) -> str:
        """The versioned URL of a static file.

        :raises KeyError: when there is no such file (a template error, caught by tests).
        """
        return self._by_name[name].url

    def named(self, name: str) -> Asset:
        """The current version of a static file (for the few fixed URLs such as ``/favicon.ico``).

        :raises KeyError: when there is no such file.
        """
        return self._by_name[name]

    def find(self, version: str, name: str) -> Asset | None:
        asset = self._by_name.get(name)
        if asset is None or asset.version != version:
            return None
        return asset

    def response(self, asset: Asset, accept_encoding: str) -> web.Response:
        """The file, gzipped when the client accepts it, cacheable for a year."""
        headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
        if "gzip" in accept_encoding and asset.compressible:
            headers["Content-Encoding"] = "gzip"
            return web.Response(body=asset.gzipped, content_type=asset.content_type, charset="utf-8",
                                headers=headers)
        return web.Response(body=asset.body, content_type=asset.content_type, headers=headers)
