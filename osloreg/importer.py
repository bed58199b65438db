"""Validated imports: column specifications, content detection of uploads, and row parsing (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from osloreg import i18n, uploads
from osloreg.enums import MeetingStatus, MembershipRole, ProjectStatus, UnitKind
from osloreg.rules.validation import NAME_MAX, TEXT_MAX, TITLE_MAX, Invalid, clean_text

# Reading the bytes lives in osloreg.uploads; its names are importer's too, as the callers know them.
from osloreg.uploads import HEADER_ROW as HEADER_ROW
from osloreg.uploads import MAX_BYTES as MAX_BYTES
from osloreg.uploads import MAX_MEGABYTES as MAX_MEGABYTES
from osloreg.uploads import MAX_ROWS as MAX_ROWS
from osloreg.uploads import FileRefused as FileRefused
from osloreg.uploads import Table as Table

EMAIL_MAX = 254


class Kind(StrEnum):
    UNITS = "units"
    PERSONS = "persons"
    MEMBERSHIPS = "memberships"
    PROJECTS = "projects"
    MEETINGS = "meetings"


class Type(StrEnum):
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    INT = "int"
    ENUM = "enum"
    REF = "ref"  # a name (or e-mail) of a record in the database, resolved by the service
    REFS = "refs"  # several names, separated by ';' or ','


@dataclass(frozen=True)
class Column:
    """One column of an import: its code name, type, whether required, limits and an example."""

    name: str
    type: Type = Type.TEXT
    required: bool = False
    max_length: int = NAME_MAX
    field_name: str | None = None  # the field.* name the validation messages use
    enum: type[StrEnum] | None = None
    example: Any = None
    aliases: tuple[str, ...] = ()  # other headers a file may give the column (besides nb, en, code)

    @property
    def field(self) -> str:
        return self.field_name or self.name


C, T = Column, Type
SPECS: dict[Kind, tuple[Column, ...]] = {
    Kind.UNITS: (
        C("kind", T.ENUM, True, enum=UnitKind, example="kommune"),
        C("name", T.TEXT, True, example="Nesodden kommune"),
        C("county_level", T.BOOL, example="nei"),
        C("is_member", T.BOOL, example="ja"),
        C("valid_from", T.DATE, example=dt.date(2020, 1, 1)),
        C("valid_to", T.DATE),
        C("sub_regions", T.REFS, example="Folloregionen"),
        C("note", T.TEXT, max_length=TEXT_MAX),
    ),
    Kind.PERSONS: (
        C("name", T.TEXT, True, example="Kari Nordmann"),
        C("email", T.TEXT, max_length=EMAIL_MAX, example="kari.nordmann@example.no"),
        C("employer", T.TEXT, example="Nesodden kommune"),
        C("title", T.TEXT, field_name="person_title", example="Rådgiver"),
    ),
    Kind.MEMBERSHIPS: (
        C("body", T.REF, True, example="Faggruppe for næringssamarbeid"),
        C("person", T.REF, True, example="Kari Nordmann"),
        C("role", T.ENUM, enum=MembershipRole, example="medlem"),
        C("represents", T.REF, example="Nesodden kommune"),
        C("start_on", T.DATE, True, example=dt.date(2024, 1, 1)),
        C("end_on", T.DATE, example=dt.date(2027, 12, 31)),
        C("note", T.TEXT, max_length=TEXT_MAX),
        # A vara: a unit's with its order, or a member's personal vara (by name or e-mail).
        C("substitute_order", T.INT, aliases=("rekkefølge", "order", "vara nr.", "varanr.")),
        C("substitute_for", T.REF, field_name="substitute_for_person_id"),
    ),
    Kind.PROJECTS: (
        C("title", T.TEXT, True, max_length=TITLE_MAX, example="Felles næringsarealstrategi"),
        C("description", T.TEXT, max_length=TEXT_MAX, example="Kartlegging av arealer i regionen."),
        C("body", T.REF, example="Faggruppe for næringssamarbeid"),
        C("owner", T.REF, field_name="owner_person_id", example="Kari Nordmann"),
        C("status", T.ENUM, enum=ProjectStatus, example="planlagt"),
        C("start_on", T.DATE, example=dt.date(2024, 3, 1)),
        C("end_on", T.DATE, example=dt.date(2025, 6, 30)),
        C("progress", T.INT, example=0),
        C("partners", T.REFS, field_name="partner_unit_ids", example="Nesodden kommune; Folloregionen"),
        C("outside_partners", T.TEXT, max_length=TEXT_MAX),
    ),
    Kind.MEETINGS: (
        C("body", T.REF, True, example="Faggruppe for næringssamarbeid"),
        C("starts_at", T.DATETIME, True, example=dt.datetime(2024, 9, 12, 10, 0)),
        C("ends_at", T.DATETIME, example=dt.datetime(2024, 9, 12, 12, 0)),
        C("place", T.TEXT, max_length=TITLE_MAX, example="Oslo rådhus"),
        C("title", T.TEXT, max_length=TITLE_MAX, field_name="meeting_title", example="Høstmøte"),
        C("status", T.ENUM, enum=MeetingStatus, example="planlagt"),
    ),
}
del C, T
MAX_COLUMNS = max(len(columns) for columns in SPECS.values())

# The catalogue prefix of each enumeration's words (nb and en), accepted beside the codes.
ENUM_LABELS: dict[type[StrEnum], str] = {
    UnitKind: "import.unit_kind",
    MembershipRole: "overview.member_role",
    ProjectStatus: "project_status",
    MeetingStatus: "meeting_status",
}
# Words beside the catalogue's that a file may use for a value: "varamedlem" for vara.
ENUM_ALIASES: dict[type[StrEnum], dict[str, str]] = {
    MembershipRole: {"varamedlem": "substitute", "vararepresentant": "substitute", "varamann": "substitute"},
}
TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "sann", "1", "x"})
FALSE_WORDS = frozenset({"nei", "n", "no", "false", "usann", "0"})

# --- Errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell (or one row, when `column` is None), by the spreadsheet's row."""

    row: int
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """A row as parsed: its number in the spreadsheet and its values by column code name."""

    number: int
    values: dict[str, Any]


@dataclass
class Parsed:
    rows: list[Row]
    errors: list[RowError]


# --- Column headers in both languages ---------------------------------------------------------------


def header(kind: Kind | str, column: str, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    return i18n.translate(f"import.col.{kind}.{column}", language)


def describe_column(kind: Kind | str, column: str, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    return i18n.translate(f"import.help.{kind}.{column}", language)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().rstrip("*").strip().casefold()


def header_names(kind: Kind) -> dict[str, str]:
    """Accepted header (normalised) -> column: the Norwegian and English headers and the code name."""
    names: dict[str, str] = {}
    for column in SPECS[kind]:
        headers = (header(kind, column.name, language) for language in i18n.LANGUAGES)
        for text in (column.name, *headers, *column.aliases):
            names[_normal(text)] = column.name
    return names


def map_columns(kind: Kind, headers: Sequence[Any]) -> list[str]:
    """The column of each header, or FileRefused naming the unknown, doubled or missing ones; more
    headers than the kind has columns are refused before any is looked at."""
    if len(headers) > len(SPECS[kind]):
        raise FileRefused("import.error.too_many_columns", max=len(SPECS[kind]))
    accepted = header_names(kind)
    unknown = [str(text) for text in headers if _normal(text) not in accepted]
    if unknown:
        raise FileRefused("import.error.unknown_columns", columns=", ".join(unknown))
    columns = [accepted[_normal(text)] for text in headers]
    doubled = sorted(name for name, count in Counter(columns).items() if count > 1)
    if doubled:
        raise FileRefused("import.error.doubled_columns", codes=tuple(doubled))
    missing = [c.name for c in SPECS[kind] if c.required and c.name not in columns]
    if missing:
        raise FileRefused("import.error.missing_columns", codes=tuple(missing))
    return columns


def read_table(data: bytes, *, columns: int | None = None) -> Table:
    """The cells of an upload (see osloreg.uploads), at most `columns` wide (by default the widest
    kind's)."""
    return uploads.read_table(data, columns=columns or MAX_COLUMNS)


# --- Parsing the cells --------------------------------------------------------------------------

_DATE_NB = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = r"(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?"
_DATETIME_NB = re.compile(rf"^(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}$")
_DATETIME_ISO = re.compile(rf"^(\d{{4}})-(\d{{2}})-(\d{{2}}){_TIME}$")


def _parse_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = str(value).strip()
    match = _DATETIME_NB.match(text)
    if match:
        day, month, year, *time = match.groups()
    else:
        match = _DATETIME_ISO.match(text)
        if not match:
            return None
        year, month, day, *time = match.groups()
    hour, minute, second = (int(part) if part else 0 for part in time)
    try:
        return dt.datetime(int(year), int(month), int(day), hour, minute, second)
    except ValueError:
        return None


def parse_date(value: Any) -> dt.date | None:
    """dd.mm.yyyy (d.m.yyyy too) or ISO yyyy-mm-dd text, or an Excel date; None if not a date."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not (_DATE_NB.match(text) or re.match(r"^\d{4}-\d{2}-\d{2}$", text)):
        return None
    moment = _parse_datetime(text)
    return moment.date() if moment else None


def parse_datetime(value: Any) -> dt.datetime | None:
    """dd.mm.yyyy hh:mm or ISO yyyy-mm-dd hh:mm (or T), a bare date (midnight), or an Excel date."""
    return _parse_datetime(value)


def _words(enum: type[StrEnum]) -> dict[str, str]:
    prefix = ENUM_LABELS[enum]
    words = {_normal(text): value for text, value in ENUM_ALIASES.get(enum, {}).items()}
    for member in enum:
        for text in (member.value, *(i18n.translate(f"{prefix}.{member}", lang) for lang in i18n.LANGUAGES)):
            words[_normal(text)] = member.value
    return words


def enum_words(enum: type[StrEnum], language: str = i18n.DEFAULT_LANGUAGE) -> list[str]:
    """The words a column of this enumeration takes, in a language (for the template's help)."""
    return [i18n.translate(f"{ENUM_LABELS[enum]}.{member}", language) for member in enum]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 1234 as 1234.0
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() != dt.time() else f"{value:%d.%m.%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _cell(column: Column, value: Any) -> Any:
    """The cell's value for the service, or Invalid with the reason."""
    if column.type in (Type.TEXT, Type.REF):
        return clean_text(_text(value), field_name=column.field, max_length=column.max_length, required=False)
    if column.type == Type.REFS:
        text = clean_text(_text(value), field_name=column.field, max_length=TEXT_MAX, required=False) or ""
        return tuple(dict.fromkeys(part.strip() for part in re.split(r"[;,\n]", text) if part.strip()))
    if column.type == Type.DATE:
        parsed = parse_date(value)
        if parsed is None:
            raise Invalid("import.error.date", {"value": _text(value)})
        return parsed
    if column.type == Type.DATETIME:
        parsed = parse_datetime(value)
        if parsed is None:
            raise Invalid("import.error.datetime", {"value": _text(value)})
        return parsed
    if column.type == Type.BOOL:
        word = _normal(_text(value)) if not isinstance(value, bool) else ("ja" if value else "nei")
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise Invalid("import.error.bool", {"value": _text(value)})
    if column.type == Type.INT:
        text = _text(value).strip().rstrip("%").strip()
        if not re.fullmatch(r"-?\d+", text):
            raise Invalid("import.error.int", {"value": _text(value)})
        return int(text)
    assert column.enum is not None
    found = _words(column.enum).get(_normal(_text(value)))
    if found is None:
        # The words allowed are listed when the message is shown, in the reader's language.
        raise Invalid("import.error.enum", {"value": _text(value), "enum": ENUM_LABELS[column.enum]})
    return found


def parse_rows(kind: Kind, table: Table) -> Parsed:
    """Every row's cells as typed values, and an error for each cell that cannot be (its row number
    and column); required columns left blank are errors too. Reference and domain rules are the
    service's (osloreg.services.imports), which needs the database."""
    columns = map_columns(kind, table.headers)
    spec = {column.name: column for column in SPECS[kind]}
    rows, errors = [], []
    for number, record in table.rows:
        values: dict[str, Any] = {}
        extra = [cell for cell in record[len(columns) :] if cell is not None]
        if extra:
            errors.append(RowError(number, None, "import.error.extra_cells", {"count": len(extra)}))
        for position, name in enumerate(columns):
            column = spec[name]
            raw = record[position] if position < len(record) else None
            if raw is None:
                if column.required:
                    errors.append(RowError(number, name, "error.required", {"field": column.field}))
                values[name] = () if column.type == Type.REFS else None
                continue
            try:
                values[name] = _cell(column, raw)
            except Invalid as exc:
                errors.append(RowError(number, name, exc.key, dict(exc.params)))
                values[name] = None
        rows.append(Row(number, values))
    return Parsed(rows, errors)


def parse_upload(kind: Kind, data: bytes) -> Parsed:
    """read_table and parse_rows in one: FileRefused for the file, row errors for its cells. Nothing
    right of the kind's columns is read into memory."""
    return parse_rows(kind, uploads.read_table(data, columns=len(SPECS[kind])))


# --- Messages --------------------------------------------------------------------------------------

_CODED = {"status": "project_status", "role": "overview.member_role", "kind": "import.unit_kind"}


def message(kind: Kind | str, error: Any, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    """An error in the user's language: the field it names is the column's header (as the file
    shows it), codes are words."""
    params = dict(error.params)
    column = getattr(error, "column", None)
    if "field" in params:
        params["field"] = (
            header(kind, column, language) if column else i18n.translate(f"field.{params['field']}", language)
        )
    if "codes" in params:  # columns named by code: their headers in the reader's language
        params["columns"] = ", ".join(header(kind, code, language) for code in params["codes"])
    enum = next((enum for enum, prefix in ENUM_LABELS.items() if prefix == params.get("enum")), None)
    if enum is not None:
        params["allowed"] = ", ".join(enum_words(enum, language))
    for name, prefix in _CODED.items():
        if isinstance(params.get(name), str) and f"{prefix}.{params[name]}" in i18n.catalogue():
            params[name] = i18n.translate(f"{prefix}.{params[name]}", language)
    return i18n.translate(error.key, language, **params)


def error_rows(kind: Kind | str, errors: Sequence[RowError], language: str) -> list[dict[str, Any]]:
    """The errors as table rows: row number, column header, message."""
    return [
        {
            "row": error.row,
            "column": header(kind, error.column, language) if error.column else "",
            "message": message(kind, error, language),
        }
        for error in errors
    ]


# --- Templates ------------------------------------------------------------------------------------


def template_rows(kind: Kind, language: str) -> tuple[list[str], list[Any]]:
    """The template's headers in a language and its example row."""
    columns = SPECS[kind]
    example = [_example(column, language) for column in columns]
    return [header(kind, column.name, language) for column in columns], example


def _example(column: Column, language: str) -> Any:
    value = column.example
    if column.type == Type.ENUM and value is not None and language != i18n.DEFAULT_LANGUAGE:
        assert column.enum is not None
        code = _words(column.enum)[_normal(value)]
        return i18n.translate(f"{ENUM_LABELS[column.enum]}.{code}", language)
    if column.type == Type.BOOL and value is not None and language != i18n.DEFAULT_LANGUAGE:
        return "yes" if _normal(value) in TRUE_WORDS else "no"
    return value


def column_help(kind: Kind, language: str) -> list[dict[str, str]]:
    """A line per column for the template's description: header, required or not, what it holds."""
    lines = []
    for column in SPECS[kind]:
        text = describe_column(kind, column.name, language)
        if column.enum is not None:
            text += " " + i18n.translate(
                "import.help.values", language, values=", ".join(enum_words(column.enum, language))
            )
        lines.append(
            {
                "column": header(kind, column.name, language),
                "required": i18n.translate(
                    "import.required" if column.required else "import.optional", language
                ),
                "description": text,
            }
        )
    return lines


Progress = Callable[[int, int], None]


def merge_errors(parsed: Sequence[RowError], checked: Sequence[RowError]) -> list[RowError]:
    """The cell errors found by parsing and those the service's rules found, in row order; a rule's
    error on a cell that could not be read at all is the same fault told twice, and dropped."""
    unreadable = {(error.row, error.column) for error in parsed}
    rest = [error for error in checked if (error.row, error.column) not in unreadable]
    return sorted([*parsed, *rest], key=lambda error: (error.row, error.column or ""))


def template_file(kind: Kind, file_format: str, language: str = i18n.DEFAULT_LANGUAGE) -> bytes:
    """The template of a kind: its headers and an example row; the Excel one has a second sheet that
    describes each column (a CSV holds one table only, so its descriptions are on the page)."""
    import pandas as pd

    from osloreg import export

    headers, example = template_rows(kind, language)
    data = pd.DataFrame([example], columns=headers, dtype=object)
    if file_format == "csv":
        return export.to_csv(data)
    help_frame = pd.DataFrame(column_help(kind, language)).rename(
        columns={
            name: i18n.translate(f"import.help.{name}", language)
            for name in ("column", "required", "description")
        }
    )
    return export.to_excel(
        {
            i18n.translate("import.template_sheet", language): data,
            i18n.translate("import.columns_sheet", language): help_frame,
        }
    )
