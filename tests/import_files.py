"""Hostile and odd upload files of the security review (December 2026), built byte for byte by the
tests: the "dimension bomb" xlsx and its variants, a header of a million columns, mixed encodings."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

PERSONS_HEADER = ("Navn", "E-post", "Arbeidsgiver", "Stilling")
FULL_SHEET = "A1:XFD1048576"  # every cell Excel has: 16,384 columns x 1,048,576 rows

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def _cell(reference: str, value: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def _row(number: int, values: tuple[str, ...] | list[str]) -> str:
    cells = "".join(_cell(f"{chr(ord('A') + i)}{number}", value) for i, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def xlsx(sheet_rows: str, *, dimension: str | None = None) -> bytes:
    """A minimal, valid workbook whose one sheet holds `sheet_rows` (the XML of its <row>s)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{sheet_rows}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def person_row(number: int) -> tuple[str, str, str, str]:
    return (f"Person {number:05d}", f"person{number}@example.no", "Nesodden kommune", "Rådgiver")


def dimension_bomb(real_rows: int = 2, *, far_corner: bool = True) -> bytes:
    """A persons sheet that declares the whole of Excel's grid (`dimension_bomb.xlsx`: a few rows,
    about 1.5 KB) with, if `far_corner`, a value in its last cell XFD1048576. openpyxl padded every
    row it read to 16,384 cells: 50,002 rows of them, about 13 GB."""
    rows = _row(1, PERSONS_HEADER) + "".join(_row(n, person_row(n)) for n in range(2, real_rows + 2))
    if far_corner:
        rows += f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'
    return xlsx(rows, dimension=FULL_SHEET)


def wide_header_xlsx(columns: int = 16_384) -> bytes:
    """A header row as wide as a sheet can be (XFD), each cell "Navn"."""
    cells = "".join(_cell(f"{_letters(n)}1", "Navn") for n in range(1, columns + 1))
    return xlsx(f'<row r="1">{cells}</row>' + _row(2, person_row(2)))


def million_cell_header_xlsx(cells: int = 1_000_000) -> bytes:
    """A header row of a million cells: without cell references nothing in the XML stops at XFD."""
    cell = '<c t="inlineStr"><is><t>Navn</t></is></c>'
    return xlsx(f"<row>{cell * cells}</row>" + _row(2, person_row(2)))


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def duplicate_headers_csv(count: int = 1_040_000) -> bytes:
    """`dupheaders_max.csv`: one header, "Navn", about a million times (5.2 MB), and one row."""
    return ("Navn;" * count + "\r\nKari Nordmann\r\n").encode()


def mixed_encoding_csv() -> bytes:
    """`mixed_enc.csv`: UTF-8, but row 3 was pasted in from a Windows-1252 file."""
    return (
        b"Navn;Arbeidsgiver\r\n"
        + "Øyvind Ås;Bærum kommune\r\n".encode()
        + "Åse Sæther;Røyken kommune\r\n".encode("cp1252")
        + "Kåre Ødegård;Ås kommune\r\n".encode()
    )
