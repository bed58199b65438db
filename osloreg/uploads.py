"""An upload's bytes as a table: told apart by content, decoded, and read within fixed budgets."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from osloreg.xlsx_reader import XlsxRefused, column_letters, read_sheet

MAX_BYTES = 5 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 50_000
# A CSV record with this many separators is no table of ours (the widest kind has ten columns); an
# Excel sheet whose used range runs to column XFD is saved with 16,383 on every row. Refused before
# the csv module builds a list of them (a header of a million "Navn;" took minutes and ~60 MB).
MAX_CSV_FIELDS = 1000
HEADER_ROW = 1  # the row numbers reported are the spreadsheet's: the header is row 1


class FileRefused(Exception):
    """The file as a whole cannot be imported; `key` names the message, `params` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Table:
    """The cells of an upload: its header and its data rows with their spreadsheet row numbers."""

    format: str  # "csv" or "xlsx"
    headers: list[str]
    rows: list[tuple[int, list[Any]]]


_SIGNATURES = (
    (b"\x89PNG", "PNG"),
    (b"%PDF", "PDF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "xls"),  # OLE2: the old binary Excel (and Word) format
)
_OOXML_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def read_table(data: bytes, *, columns: int) -> Table:
    """The cells of an uploaded CSV or Excel file, told apart by their content, never their name.
    `columns` is the widest table expected (the import kind's column count): a value further right
    is refused, and nothing beyond it is ever kept in memory."""
    if len(data) > MAX_BYTES:
        raise FileRefused("import.error.too_large", max=MAX_MEGABYTES)
    if not data or data.isspace():
        raise FileRefused("import.error.empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, columns)
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise FileRefused("import.error.old_xls" if what == "xls" else "import.error.binary", what=what)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("import.error.utf16")
    if b"\x00" in data:
        raise FileRefused("import.error.binary", what="?")
    return _read_csv(_decode(data), columns)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what the csv module ends a record on, and nothing else


def _lines(text: str) -> list[str]:
    # As _LINE_BREAK.split, ten times faster (str.splitlines would also split on \x0b, \x1c, U+2028...).
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _line_of(text: str, position: int) -> int:
    """The line (1-based) of a position in the text."""
    return len(_LINE_BREAK.findall(text, 0, position)) + 1


def _line_of_byte(data: bytes, position: int) -> int:
    return len(re.findall(rb"\r\n|\r|\n", data[:position])) + 1


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Norwegian Excel saves "CSV". A file whose
    every line is UTF-8 is taken as such (æøå in Windows-1252 are never valid UTF-8 sequences on their
    own); a file of Windows-1252 lines as Windows-1252. A file that mixes the two (a Windows-1252 line
    pasted into a UTF-8 file) is refused naming the first line that is not UTF-8: read either way,
    some of its letters would be stored garbled ("Øyvind" as "Ã˜yvind")."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_row = _line_of_byte(body, exc.start)
    if body is not data or _has_utf8_line(body):
        raise FileRefused("import.error.encoding", row=bad_row)
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRefused("import.error.encoding", row=_line_of_byte(body, exc.start)) from None
    control = re.search(r"[\x00-\x08\x0e-\x1f]", text)
    if control:
        raise FileRefused("import.error.encoding", row=_line_of(text, control.start()))
    return text


def _has_utf8_line(data: bytes) -> bool:
    """Whether some line holds letters beyond ASCII and is valid UTF-8 as a whole."""
    for line in re.split(rb"\r\n|\r|\n", data):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return True
    return False


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _check_csv_width(text: str, delimiter: str, columns: int) -> None:
    """Refuse a record of MAX_CSV_FIELDS cells or more before the csv module reads it. Quoted fields
    (which may hold the separator and line breaks) are counted as one cell each, as csv reads them."""
    # A quote opens a quoted field only at the start of a field (elsewhere it is a letter); the
    # lookbehind sits after the quote so that the search can skip to each quote at C speed.
    sep = re.escape(delimiter)
    quoted = re.compile(rf'"(?<![^{sep}\r\n]")[^"]*(?:""[^"]*)*"')
    records = _lines(quoted.sub("x", text) if '"' in text else text)
    for number, record in enumerate(records, start=1):
        if record.count(delimiter) >= MAX_CSV_FIELDS:
            if not any(line.strip() for line in records[: number - 1]):
                raise FileRefused("import.error.too_many_columns", max=columns)
            raise FileRefused(
                "import.error.row_too_wide", row=number, count=record.count(delimiter) + 1, max=columns
            )


def _read_csv(text: str, columns: int) -> Table:
    first = next((line for line in _lines(text) if line and not line.isspace()), "")
    delimiter = _delimiter(first)
    _check_csv_width(text, delimiter, columns)
    numbered: list[tuple[int, list[Any]]] = []
    header_seen = False
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        for number, record in enumerate(reader, start=1):
            cells = [cell if cell.strip() else None for cell in record]
            _check_row_width(cells, number, columns, header=not header_seen)
            header_seen = header_seen or any(cell is not None for cell in cells)
            numbered.append((number, cells[:columns]))
    except csv.Error as exc:
        raise FileRefused("import.error.csv_broken", reason=str(exc)) from None
    return _table("csv", numbered)


def _check_row_width(cells: list[Any], number: int, columns: int, *, header: bool) -> None:
    """A value right of the table's widest column refuses the file, naming the cell."""
    outside = next((position for position in range(columns, len(cells)) if cells[position] is not None), None)
    if outside is None:
        return
    if header:
        raise FileRefused("import.error.too_many_columns", max=columns)
    raise FileRefused(
        "import.error.cell_outside", row=number, column=column_letters(outside + 1), max=columns
    )


def _read_xlsx(data: bytes, columns: int) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise FileRefused("import.error.zip_not_xlsx")
            if archive.getinfo("[Content_Types].xml").file_size > 1 << 20:
                raise FileRefused("import.error.xlsx_broken")
            if _OOXML_SHEET not in archive.read("[Content_Types].xml").decode("utf-8", "replace"):
                raise FileRefused("import.error.zip_not_xlsx")
            if any(name.startswith("xl/externalLinks/") for name in names):
                # Its values could be meant to come from another workbook: not a table to import.
                raise FileRefused("import.error.xlsx_links")
            records = read_sheet(archive, columns=columns, max_rows=MAX_ROWS)
    except XlsxRefused as refused:
        raise FileRefused(refused.key, **refused.params) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, KeyError, OSError):
        # A damaged or encrypted archive, or one packed with a method zipfile lacks: nothing to read.
        raise FileRefused("import.error.xlsx_broken") from None
    cleaned = [(n, [None if isinstance(c, str) and not c.strip() else c for c in r]) for n, r in records]
    return _table("xlsx", cleaned)


def _table(format_: str, numbered: list[tuple[int, list[Any]]]) -> Table:
    """Header and rows, numbered as the spreadsheet shows them; blank rows are skipped (but counted)
    and blank columns at the right end dropped."""
    numbered = [(n, r) for n, r in numbered if any(cell is not None for cell in r)]
    if not numbered:
        raise FileRefused("import.error.empty")
    header_number, headers = numbered[0]
    if header_number != HEADER_ROW:
        raise FileRefused("import.error.header_not_first")
    while headers and headers[-1] is None:
        headers = headers[:-1]
    if any(text is None for text in headers):
        raise FileRefused("import.error.blank_header", column=headers.index(None) + 1)
    rows = numbered[1:]
    if not rows:
        raise FileRefused("import.error.no_rows")
    if len(rows) > MAX_ROWS:
        raise FileRefused("import.error.too_many_rows", max=MAX_ROWS)
    return Table(format_, [str(text).strip() for text in headers], rows)
