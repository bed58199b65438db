"""The first sheet of an .xlsx upload as values, read by streaming its XML within fixed budgets."""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

# Why not openpyxl's own reader: it takes the sheet's size from the <dimension> tag, which the file
# states itself, and pads every row to that width; a 1.5 KB file that declares A1:XFD1048576 made it
# build 16,384 cells per row (gigabytes). Here only the cells the XML holds are seen, each counted,
# and nothing outside the columns of the import is kept: memory is bounded by rows x columns.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts together, as the archive declares them (zip bomb)
MAX_PART_BYTES = 100 * 1024 * 1024  # the sheet or the shared strings
MAX_SMALL_PART_BYTES = 10 * 1024 * 1024  # the workbook, its relationships, the styles
# Every XML element of a part counts (a file of millions of empty elements would cost seconds): the
# workbook's small parts may have this many; a sheet as many as a table of its width needs.
MAX_ELEMENTS = 100_000
CELL_CHARS_MAX = 32_767  # Excel's own limit for the text of a cell
MAX_COLUMN = 16_384  # XFD: the widest sheet Excel knows

_CHUNK = 64 * 1024
# What a damaged, truncated, encrypted or oddly packed archive raises while a part is read.
_BROKEN = (
    expat.ExpatError,
    zipfile.BadZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    ValueError,
    OSError,
)


class XlsxRefused(Exception):
    """The workbook cannot be read within the budgets; `key` names the message, `params` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def column_letters(column: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_of(reference: str) -> int | None:
    """The column of a cell reference (B7 -> 2), or None if it is no reference."""
    number = 0
    for position, char in enumerate(reference):
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - ord("A") + 1
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - ord("a") + 1
        else:
            return number if position and reference[position:].isdigit() else None
        if number > MAX_COLUMN:
            return number  # no need to read further: it is outside any sheet
    return None


# --- Streaming one XML part ------------------------------------------------------------------------


def _local(tag: str) -> str:
    # Namespaces are not resolved (it halves the cost of each element): a prefixed name such as
    # "x:c" is taken by its local part, as every part of a workbook uses one namespace per name.
    return tag.rpartition(":")[2] if ":" in tag else tag


def _refuse_dtd(*_: Any) -> None:
    # No part of a real workbook has a DTD; refusing it rules out entity expansion of any kind.
    raise XlsxRefused("import.error.xlsx_broken")


class _Part:
    """The callbacks that read one XML part; each counts the elements it has seen."""

    def __init__(self, max_elements: int) -> None:
        self.elements, self.max_elements = 0, max_elements

    def count(self) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise XlsxRefused("import.error.xlsx_too_many_cells", max=self.max_elements)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        raise NotImplementedError

    def end(self, tag: str) -> None:
        """Most parts need only the elements' starts."""

    def text(self, data: str) -> None:
        """Most parts need no text."""


def _stream(archive: zipfile.ZipFile, name: str, limit: int, part: _Part) -> None:
    """Parse one part of the archive (at most `limit` bytes unpacked), calling back on `part`."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise XlsxRefused("import.error.xlsx_broken") from None
    if info.file_size > limit:
        raise XlsxRefused("import.error.xlsx_broken")
    parser = expat.ParserCreate()
    parser.buffer_text = True  # one text callback per run of text, not one per line
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = part.start
    parser.EndElementHandler = part.end
    parser.CharacterDataHandler = part.text
    try:
        with archive.open(info) as source:
            while chunk := source.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _BROKEN:
        raise XlsxRefused("import.error.xlsx_broken") from None


class _Attributes(_Part):
    """The attributes of every element of one name in a small part, and of `<workbookPr>`."""

    def __init__(self, wanted: str) -> None:
        super().__init__(MAX_ELEMENTS)
        self.wanted, self.found, self.workbook = wanted, [], {}

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.count()
        tag = _local(tag)
        if tag == self.wanted:
            self.found.append(attributes)
        elif tag == "workbookPr":
            self.workbook = attributes


def _attributes(archive: zipfile.ZipFile, name: str, wanted: str) -> _Attributes:
    part = _Attributes(wanted)
    _stream(archive, name, MAX_SMALL_PART_BYTES, part)
    return part


# --- The workbook: which part is the first sheet, its styles and strings ----------------------------


@dataclass(frozen=True)
class _Parts:
    sheet: str
    strings: str | None
    styles: str | None
    epoch: dt.datetime


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, part name) of the relationships of a part."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for attributes in _attributes(archive, rels, "Relationship").found:
        if attributes.get("TargetMode") == "External":
            continue
        target = attributes.get("Target", "")
        absolute = target.startswith("/")
        name = target.lstrip("/") if absolute else posixpath.normpath(posixpath.join(folder, target))
        found[attributes.get("Id", "")] = (attributes.get("Type", "").rpartition("/")[2], name)
    return found


def _parts(archive: zipfile.ZipFile) -> _Parts:
    root = _relationships(archive, "")
    workbook = next(
        (name for kind, name in root.values() if kind == "officeDocument" and name in archive.NameToInfo),
        "xl/workbook.xml",
    )
    related = _relationships(archive, workbook)
    found = _attributes(archive, workbook, "sheet")
    sheets = []
    for attributes in found.found:
        # r:id, whatever the prefix of the relationships namespace is called in this file
        rel = next((value for key, value in attributes.items() if key.endswith(":id")), "")
        kind, name = related.get(rel, ("", ""))
        if kind == "worksheet":
            sheets.append(name)
    if not sheets:
        raise XlsxRefused("import.error.xlsx_broken")
    epoch = CALENDAR_MAC_1904 if found.workbook.get("date1904") in ("1", "true") else WINDOWS_EPOCH
    by_kind = {kind: name for kind, name in related.values()}
    return _Parts(sheets[0], by_kind.get("sharedStrings"), by_kind.get("styles"), epoch)


class _Styles(_Part):
    def __init__(self) -> None:
        super().__init__(MAX_ELEMENTS)
        self.custom: dict[str, str] = {}
        self.formats: list[str | None] = []
        self.in_cell_formats = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.count()
        tag = _local(tag)
        if tag == "numFmt":
            self.custom[attributes.get("numFmtId", "")] = attributes.get("formatCode", "")
        elif tag == "cellXfs":
            self.in_cell_formats = True
        elif tag == "xf" and self.in_cell_formats:
            number = attributes.get("numFmtId", "0")
            builtin = BUILTIN_FORMATS.get(int(number) if number.isdigit() else -1)
            self.formats.append(self.custom.get(number) or builtin)

    def end(self, tag: str) -> None:
        if _local(tag) == "cellXfs":
            self.in_cell_formats = False


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> tuple[set[int], set[int]]:
    """The indexes of the cell styles that show a number as a date (and of those as a duration)."""
    if part is None or part not in archive.NameToInfo:
        return set(), set()
    styles = _Styles()
    _stream(archive, part, MAX_SMALL_PART_BYTES, styles)
    formats = styles.formats
    dates = {index for index, fmt in enumerate(formats) if is_date_format(fmt)}
    return dates, {index for index in dates if is_timedelta_format(formats[index])}


# --- The sheet ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shared:
    """A cell that holds shared string number `index`, looked up once the sheet is read."""

    index: int


class _TextPart(_Part):
    """A part whose values are text: captures the text of the elements a subclass marks, a cell at most
    CELL_CHARS_MAX characters."""

    def __init__(self, max_elements: int) -> None:
        super().__init__(max_elements)
        self.parts: list[str] = []  # the text of the value being read
        self.length = 0
        self.capturing = self.in_phonetic = False

    def text(self, data: str) -> None:
        if self.capturing:
            self.length += len(data)
            if self.length > CELL_CHARS_MAX:
                raise XlsxRefused("import.error.cell_too_long", max=CELL_CHARS_MAX)
            self.parts.append(data)


class _Sheet(_TextPart):
    """Reads a sheet into numbered rows of at most `columns` values; see read_sheet."""

    def __init__(self, columns: int, max_rows: int, dates: set[int], durations: set[int], epoch) -> None:
        # Every element counts: a cell of an inline string has three (<c><is><t>), a row one more, and
        # formatted empty cells may stand beside the table. A file of more is no table of ours.
        super().__init__((max_rows + 1) * (4 * columns + 2) + 10_000)
        self.columns, self.max_rows = columns, max_rows
        self.dates, self.durations, self.epoch = dates, durations, epoch
        self.rows: list[tuple[int, list[Any]]] = []
        self.row_number = self.column = 0
        self.values: list[Any] = []
        self.kind, self.style = "n", "0"

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise XlsxRefused("import.error.xlsx_too_many_cells", max=self.max_elements)
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            reference = attributes.get("r")
            column = _column_of(reference) if reference else self.column + 1
            if column is None:
                raise XlsxRefused("import.error.xlsx_broken")
            self.column = column
            self.kind, self.style = attributes.get("t", "n"), attributes.get("s", "0")
            self.parts, self.length = [], 0
        elif tag == "v" or (tag == "t" and not self.in_phonetic):
            self.capturing = True
        elif tag == "row":
            number = attributes.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            self.column, self.values = 0, []
        elif tag == "rPh":  # the phonetic reading of East Asian text is not part of the value
            self.in_phonetic = True

    def end(self, tag: str) -> None:
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "v" or tag == "t":
            self.capturing = False
        elif tag == "c":
            if self.parts:
                self._keep(self._value("".join(self.parts)))
        elif tag == "row":
            if self.values:
                self.rows.append((self.row_number, self.values))
                # The header and MAX_ROWS rows of data; one more is enough to say there are too many.
                if len(self.rows) > self.max_rows + 1:
                    raise XlsxRefused("import.error.too_many_rows", max=self.max_rows)
            self.values = []
        elif tag == "rPh":
            self.in_phonetic = False

    def _value(self, text: str) -> Any:
        kind = self.kind
        if kind == "inlineStr" or kind == "str" or kind == "e":
            return text
        try:
            if kind == "s":
                return _Shared(int(text))
            if kind == "b":
                return text.strip() in ("1", "true")
            if kind == "d":
                return from_ISO8601(text)
            number: Any = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            style = int(self.style) if self.style.isdigit() else 0
            if style in self.dates:
                return from_excel(number, self.epoch, timedelta=style in self.durations)
            return number
        except (ValueError, OverflowError):
            return text  # not what its type says: kept as text, for the row's own error

    def _keep(self, value: Any) -> None:
        if isinstance(value, str) and not value.strip():
            return  # an empty cell, wherever it is, holds nothing to import
        if self.column > self.columns:
            if not self.rows:  # the header row
                raise XlsxRefused("import.error.too_many_columns", max=self.columns)
            raise XlsxRefused(
                "import.error.cell_outside",
                row=self.row_number,
                column=column_letters(min(self.column, MAX_COLUMN)),
                max=self.columns,
            )
        values = self.values
        if len(values) < self.column:
            values.extend([None] * (self.column - len(values)))
        values[self.column - 1] = value


class _Strings(_TextPart):
    """The shared strings a sheet uses (and only those: a workbook shares one list for all sheets)."""

    def __init__(self, wanted: set[int], max_elements: int) -> None:
        super().__init__(max_elements)
        self.wanted, self.found = wanted, {}
        self.index = -1

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.count()
        tag = _local(tag)
        if tag == "si":
            self.index += 1
            self.parts, self.length = [], 0
        elif tag == "t" and not self.in_phonetic and self.index in self.wanted:
            self.capturing = True
        elif tag == "rPh":
            self.in_phonetic = True

    def end(self, tag: str) -> None:
        tag = _local(tag)
        if tag == "t":
            self.capturing = False
        elif tag == "rPh":
            self.in_phonetic = False
        elif tag == "si" and self.index in self.wanted:
            self.found[self.index] = "".join(self.parts).replace("x005F_", "")  # as openpyxl reads it


def read_sheet(archive: zipfile.ZipFile, *, columns: int, max_rows: int) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of the workbook's first sheet, each with its row number and the values of
    its first `columns` columns. A value in a column further right is refused (in the first row as
    too many columns, further down naming the cell), as are more than `max_rows` rows below the
    first, a cell of more than Excel's 32,767 characters, more elements than a table of this width
    needs, and parts larger than the budgets above."""
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise XlsxRefused("import.error.xlsx_broken")
    parts = _parts(archive)
    dates, durations = _date_styles(archive, parts.styles)
    sheet = _Sheet(columns, max_rows, dates, durations, parts.epoch)
    _stream(archive, parts.sheet, MAX_PART_BYTES, sheet)
    wanted = {value.index for _, values in sheet.rows for value in values if isinstance(value, _Shared)}
    strings = _Strings(wanted, sheet.max_elements)
    if wanted:
        if parts.strings is None:
            raise XlsxRefused("import.error.xlsx_broken")
        _stream(archive, parts.strings, MAX_PART_BYTES, strings)
    if wanted - strings.found.keys():
        raise XlsxRefused("import.error.xlsx_broken")  # a cell refers to a string the file lacks
    for _, values in sheet.rows:
        for position, value in enumerate(values):
            if isinstance(value, _Shared):
                values[position] = strings.found[value.index]
    return sheet.rows
