"""Read a spreadsheet file (CSV or XLSX) into a header and rows of text cells.

Official course lists come as XLSX, or as CSV saved by Excel or WPS in UTF-8 (with or without a
byte-order mark) or in GB18030. The encoding is detected; a file in neither is refused with a
clear reason rather than read as mojibake.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook

_ZIP_MAGIC = b"PK\x03\x04"
_UTF8_BOM = b"\xef\xbb\xbf"
# Share of non-ASCII characters that must lie in GB2312 (the everyday hanzi) for a GB18030 reading
# to be believed; Latin-1 or Big5 bytes read as GB18030 land mostly in the rare extensions.
_GB2312_SHARE = 0.9


class UnreadableFile(Exception):
    """The file cannot be read; ``code`` says why (``encoding``, ``not_a_spreadsheet``, ``empty_file``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Sheet:
    """The cells of a file as text; ``rows[i]`` is spreadsheet row ``first_row + i``."""

    rows: list[list[str]]
    first_row: int = 1
    encoding: str | None = None  # None for XLSX


def read_sheet(data: bytes) -> Sheet:
    """Read CSV or XLSX bytes (told apart by content, not by file name).

    :raises UnreadableFile: for an empty file, a broken workbook, or a CSV in neither UTF-8 nor GB18030.
    """
    if not data.strip():
        raise UnreadableFile("empty_file")
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data)
    text, encoding = decode_csv(data)
    return Sheet(rows=_read_csv(text), encoding=encoding)


def decode_csv(data: bytes) -> tuple[str, str]:
    """Return the text of a CSV file and the encoding it was in: ``utf-8-sig``, ``utf-8`` or ``gb18030``.

    :raises UnreadableFile: (code ``encoding``) for UTF-16, or bytes that are neither UTF-8 nor GB18030.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise UnreadableFile("encoding", "UTF-16")
    if data.startswith(_UTF8_BOM):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            raise UnreadableFile("encoding", "UTF-8 with a byte-order mark, but invalid") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableFile("encoding") from None
    if not _plausible_chinese(text):
        raise UnreadableFile("encoding")
    return text, "gb18030"


def _plausible_chinese(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return True
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(wide) >= _GB2312_SHARE


def _read_csv(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> Sheet:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile("not_a_spreadsheet", str(error)) from None
    try:
        worksheet = workbook.worksheets[0]
        rows = [[_cell(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return Sheet(rows=rows)
