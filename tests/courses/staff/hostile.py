"""Crafted spreadsheets of the kinds an attacker uploads, built byte by byte (openpyxl would refuse to)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet ' \
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_CLOSE = "</sheetData></worksheet>"


def workbook(sheet_rows: str, shared: list[str] | None = None, *, sheet_xml: str | None = None) -> bytes:
    """An XLSX whose first sheet holds ``sheet_rows`` (``<row>`` elements) and the given shared strings."""
    strings = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared or [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst '
            f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml or _SHEET_OPEN + sheet_rows + _SHEET_CLOSE)
    return buffer.getvalue()


def million_rows_xlsx() -> bytes:
    """About 30 KB that unpack to a million rows (the 64 KB file that froze the portal for 26 s)."""
    return workbook('<row><c t="s"><v>0</v></c></row>' * 1_000_000, ["x"])


def shared_string_xlsx(length: int, cells: int) -> bytes:
    """One shared string of ``length`` characters referenced by ``cells`` cells (copied per cell by strip())."""
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>' for i in range(1, cells + 1))
    return workbook(rows, [" " + "长" * length + " "])


def many_rows_xlsx(rows: int) -> bytes:
    """``rows`` distinct rows that compress no better than a real list: past the row limit, not the ratio."""
    body = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{i * 7919 % 1000003}</t></is></c></row>'
        for i in range(1, rows + 1)
    )
    return workbook(body)


def malformed_xlsx() -> bytes:
    """A well-formed package whose sheet is not well-formed XML."""
    return workbook("", sheet_xml=_SHEET_OPEN + '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row')


def sniffer_csv(length: int) -> bytes:
    """A first line on which csv.Sniffer is quadratic (CPython gh-98820): 24 KB took seconds."""
    return (',"' * (length // 2)).encode()
