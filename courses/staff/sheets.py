"""Read a spreadsheet file (CSV or XLSX) into a header and rows of text cells.

Official course lists come as XLSX, or as CSV saved by Excel or WPS in UTF-8 (with or without a
byte-order mark) or in GB18030. The encoding is detected; a file in neither is refused with a
clear reason rather than read as mojibake.

Uploads are untrusted: rows are streamed and the row, column and cell-size limits are enforced
while reading, and a workbook's decompressed size and ratio are checked before it is parsed
(docs/security.md says why each limit is what it is). The faces run this in a worker process
(:mod:`courses.staff.parse_worker`) that also bounds time and memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

_ZIP_MAGIC = b"PK\x03\x04"
MAX_ROWS = 100_000  # course rows; the largest official list has about 20,000
HEADER_SEARCH = 10  # the header row is looked for among the first rows
MAX_COLUMNS = 64  # the known columns number 20; extra ones are ignored, not read
MAX_CELL = 20_000  # characters: the longest field (a description) allows as much
MAX_UNZIPPED = 64 * 1024 * 1024  # bytes of all workbook parts together, decompressed
MAX_SHARED_STRINGS = 16 * 1024 * 1024  # bytes of xl/sharedStrings.xml, decompressed
MAX_RATIO = 200  # decompressed / compressed bytes of a part larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
# Excel and WPS separate by comma, or by semicolon where the comma is the decimal mark; tab
# for "Unicode text". Never csv.Sniffer: it is quadratic on a crafted line (CPython gh-98820).
DELIMITERS = (",", ";", "\t")
_UTF8_BOM = b"\xef\xbb\xbf"
# Share of non-ASCII characters that must lie in GB2312 (the everyday hanzi) for a GB18030 reading
# to be believed; Latin-1 or Big5 bytes read as GB18030 land mostly in the rare extensions.
_GB2312_SHARE = 0.9


class UnreadableFile(Exception):
    """The file cannot be read; ``code`` says why.

    Codes: ``encoding``, ``not_a_spreadsheet``, ``empty_file``, ``too_many_rows``, ``cell_too_long``,
    ``too_large`` (decompressed size or ratio); ``details`` holds the limit where there is one.
    """

    def __init__(self, code: str, detail: str = "", **details: object) -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail
        self.details = details


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


def delimiter(header_line: str) -> str:
    """The separator of a CSV file: the candidate found most often in its first line (comma on a tie)."""
    counts = [(header_line.count(candidate), -rank) for rank, candidate in enumerate(DELIMITERS)]
    best = max(counts)
    return DELIMITERS[-best[1]] if best[0] else ","


class _Rows:
    """Collects rows, refusing a file as soon as it passes the row or the cell-size limit."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(self, cells: list[str]) -> None:
        if len(self.rows) >= MAX_ROWS + HEADER_SEARCH:
            raise UnreadableFile("too_many_rows", limit=MAX_ROWS)
        for cell in cells:
            if len(cell) > MAX_CELL:
                raise UnreadableFile("cell_too_long", row=len(self.rows) + 1, limit=MAX_CELL)
        self.rows.append(cells)


def _read_csv(text: str) -> list[list[str]]:
    # Excel doubles a quote inside a quoted cell; doublequote (csv.excel's default) reads it back.
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel,
                        delimiter=delimiter(text.split("\n", 1)[0]), doublequote=True)
    rows = _Rows()
    try:
        for row in reader:
            # Check the raw cells before stripping: strip() would copy an oversized cell first.
            rows.add(row[:MAX_COLUMNS])
            rows.rows[-1] = [_undo_inert(cell.strip()) for cell in rows.rows[-1]]
    except csv.Error as error:  # a cell longer than csv.field_size_limit(), a NUL byte
        if "field limit" in str(error):
            raise UnreadableFile("cell_too_long", row=len(rows.rows) + 1, limit=MAX_CELL) from None
        raise UnreadableFile("not_a_spreadsheet", str(error)) from None
    return rows.rows


def _undo_inert(cell: str) -> str:
    # Our CSV export puts an apostrophe before text a spreadsheet would run (inert_cell); read it back.
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@") else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            # Before strip(): a shared string repeated in a million cells is one object until copied.
            return value
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def check_archive(data: bytes) -> None:
    """Refuse a workbook whose parts would decompress beyond the size or ratio limits.

    Sizes come from the zip directory; reading a part never yields more than its stated size
    (zipfile stops there and fails the CRC), so they bound what parsing may unpack.

    :raises UnreadableFile: ``too_large`` or ``not_a_spreadsheet``.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile("not_a_spreadsheet", str(error)) from None
    if sum(part.file_size for part in parts) > MAX_UNZIPPED:
        raise UnreadableFile("too_large", "decompressed size")
    for part in parts:
        if part.filename.lower() == "xl/sharedstrings.xml" and part.file_size > MAX_SHARED_STRINGS:
            raise UnreadableFile("too_large", "shared strings")
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise UnreadableFile("too_large", f"compression ratio of {part.filename}")


def _read_xlsx(data: bytes) -> Sheet:
    check_archive(data)
    try:
        from openpyxl import load_workbook  # loaded by imports only (see courses.staff.exporter)

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises whatever its zip and XML layers raise
        raise UnreadableFile("not_a_spreadsheet", str(error)) from None
    rows = _Rows()
    try:
        worksheet = workbook.worksheets[0]
        for row in worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.add([_cell(value) for value in row])
    except UnreadableFile:
        raise
    except Exception as error:  # malformed XML inside the sheet surfaces only while rows are read
        raise UnreadableFile("not_a_spreadsheet", str(error)) from None
    finally:
        workbook.close()
    return Sheet(rows=rows.rows)
