"""Reading and parsing uploads: content detection (never the file name), encodings and separators,
the 5 MB limit, column headers in both languages, and cell errors by spreadsheet row, in nb and en."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter

from osloreg import importer
from osloreg.importer import MAX_BYTES, SPECS, FileRefused, Kind, RowError, message, parse_upload, read_table

PERSONS_CSV = "Navn;E-post;Arbeidsgiver;Stilling\r\nKari Nordmann;kari@example.no;Ås kommune;Rådgiver\r\n"
# The first bytes of real files of other kinds (enough for their signatures) and of an old .xls.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _refused(data: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_table(data)
    return caught.value


def _xlsx_openpyxl(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_xlsxwriter(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Ark1")
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def _zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


# --- What the bytes are ------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [_xlsx_openpyxl, _xlsx_xlsxwriter])
def test_a_real_excel_workbook_is_read_with_its_dates_and_numbers(make):
    data = make(
        [
            ["Organ", "Person", "Rolle", "Representerer", "Fra", "Til"],
            ["Faggruppen", "Kari Nordmann", "Leder", "Ås", dt.date(2024, 1, 1), None],
        ]
    )
    parsed = parse_upload(Kind.MEMBERSHIPS, data)
    assert parsed.errors == []
    (row,) = parsed.rows
    assert row.number == 2
    assert row.values["start_on"] == dt.date(2024, 1, 1) and row.values["end_on"] is None
    assert row.values["role"] == "leader"


def test_the_uploaded_name_plays_no_part_only_the_content():
    # The API takes bytes only: a PNG, a PDF or a ZIP is refused whatever it was called (.csv, .xlsx).
    assert _refused(PNG).key == "import.error.binary" and _refused(PNG).params["what"] == "PNG"
    assert _refused(PDF).key == "import.error.binary" and _refused(PDF).params["what"] == "PDF"
    assert _refused(_zip_of("notes.txt", b"hello")).key == "import.error.zip_not_xlsx"
    # A ZIP that claims to be a workbook but is none (a .docx, say) is refused too.
    docx_like = _zip_of("[Content_Types].xml", b"<Types><Override ContentType='wordprocessingml'/></Types>")
    assert _refused(docx_like).key == "import.error.zip_not_xlsx"


def test_an_old_xls_workbook_is_refused_with_advice_to_save_as_xlsx():
    refused = _refused(XLS)
    assert refused.key == "import.error.old_xls"
    assert ".xlsx" in message(Kind.PERSONS, refused, "nb") and ".xlsx" in message(Kind.PERSONS, refused, "en")


def test_nul_bytes_and_binary_garbage_are_refused():
    assert _refused(PERSONS_CSV.encode() + b"\x00\x01\x02").key == "import.error.binary"
    assert _refused(bytes(range(256)) * 4).key == "import.error.binary"
    assert _refused("Navn\r\n".encode("utf-16")).key == "import.error.utf16"


def test_a_broken_workbook_is_refused():
    data = _xlsx_openpyxl([["Navn"], ["Kari"]])
    assert _refused(data[: len(data) // 2]).key == "import.error.xlsx_broken"


@pytest.mark.parametrize(
    "data",
    [
        PERSONS_CSV.encode("utf-8-sig"),  # what Excel writes as "CSV UTF-8"
        PERSONS_CSV.encode("utf-8"),
        PERSONS_CSV.replace(";", ",").encode("utf-8"),
        PERSONS_CSV.replace(";", "\t").encode("utf-8"),
        PERSONS_CSV.encode("cp1252"),  # what Norwegian Excel writes as plain "CSV"
    ],
    ids=["utf8-bom-semicolon", "utf8-semicolon", "comma", "tab", "windows-1252"],
)
def test_csv_in_utf8_with_or_without_bom_or_windows_1252_with_any_separator_is_read(data):
    parsed = parse_upload(Kind.PERSONS, data)
    assert parsed.errors == []
    assert parsed.rows[0].values == {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "employer": "Ås kommune",
        "title": "Rådgiver",
    }


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused():
    assert _refused(b"Navn\r\nKari\x81\x8d").key == "import.error.encoding"


def test_files_over_5_mb_are_refused_and_one_just_under_is_read():
    title = "Seniorrådgiver for næringsutvikling, areal og transport i regionen"
    row = f"Kari Nordmann;kari.nordmann@example.no;Ås kommune;{title}\r\n"
    header = "Navn;E-post;Arbeidsgiver;Stilling\r\n"
    count = (MAX_BYTES - 100) // len(row.encode())
    under = (header + row * count).encode()
    assert len(under) <= MAX_BYTES
    assert len(read_table(under).rows) == count
    over = under + row.encode() * 10
    assert len(over) > MAX_BYTES
    refused = _refused(over)
    assert refused.key == "import.error.too_large"
    assert "5 MB" in message(Kind.PERSONS, refused, "nb") and "5 MB" in message(Kind.PERSONS, refused, "en")


def test_an_empty_file_or_one_with_only_headers_is_refused():
    assert _refused(b"").key == "import.error.empty"
    assert _refused(b"\r\n \r\n").key == "import.error.empty"
    assert _refused(b"Navn;E-post\r\n").key == "import.error.no_rows"


# --- Columns ----------------------------------------------------------------------------------------


def test_unknown_and_missing_columns_are_refused_naming_them_in_either_language():
    with pytest.raises(FileRefused) as caught:
        parse_upload(Kind.PERSONS, b"Navn;Telefon;Fax\r\nKari;123;456\r\n")
    assert caught.value.key == "import.error.unknown_columns"
    assert "Telefon, Fax" in message(Kind.PERSONS, caught.value, "nb")
    assert "Unknown columns: Telefon, Fax" in message(Kind.PERSONS, caught.value, "en")
    with pytest.raises(FileRefused) as caught:
        parse_upload(Kind.MEMBERSHIPS, b"Organ;Rolle\r\nFaggruppen;medlem\r\n")
    assert caught.value.key == "import.error.missing_columns"
    assert message(Kind.MEMBERSHIPS, caught.value, "nb") == "Påkrevde kolonner mangler: Person, Fra."
    assert message(Kind.MEMBERSHIPS, caught.value, "en") == "Required columns are missing: Person, From."


def test_a_column_given_twice_is_refused():
    with pytest.raises(FileRefused) as caught:
        parse_upload(Kind.PERSONS, b"Navn;Name\r\nKari;Kari\r\n")
    assert caught.value.key == "import.error.doubled_columns"


def test_english_headers_code_names_any_case_and_columns_in_any_order_are_accepted():
    parsed = parse_upload(Kind.PERSONS, b"e-MAIL;name ;employer\r\nkari@example.no;Kari;Ski\r\n")
    assert parsed.errors == []
    assert parsed.rows[0].values == {"email": "kari@example.no", "name": "Kari", "employer": "Ski"}


def test_no_header_means_two_columns_of_one_kind():
    # Headers in either language must name one column each, or an upload could be read two ways.
    for kind, columns in SPECS.items():
        names = importer.header_names(kind)
        assert set(names.values()) == {column.name for column in columns}, kind
        for column in columns:
            for language in ("nb", "en"):
                assert names[importer._normal(importer.header(kind, column.name, language))] == column.name


def test_every_template_reads_back_without_errors_in_both_formats_and_languages():
    for kind in Kind:
        for file_format in ("csv", "xlsx"):
            for language in ("nb", "en"):
                parsed = parse_upload(kind, importer.template_file(kind, file_format, language))
                assert parsed.errors == [] and len(parsed.rows) == 1, (kind, file_format, language)


def test_the_excel_template_describes_each_column_on_a_second_sheet():
    workbook = openpyxl.load_workbook(io.BytesIO(importer.template_file(Kind.MEMBERSHIPS, "xlsx", "nb")))
    assert workbook.sheetnames == ["Data", "Kolonner"]
    data = list(workbook["Data"].values)
    assert data[0] == (
        "Organ",
        "Person",
        "Rolle",
        "Representerer",
        "Fra",
        "Til",
        "Merknad",
        "Varanummer",
        "Personlig vara for",
    )
    described = list(workbook["Kolonner"].values)
    assert described[0] == ("Kolonne", "Påkrevd", "Beskrivelse")
    assert [row[0] for row in described[1:]] == list(data[0])
    assert described[1][1] == "påkrevd" and "leder" in described[3][2]


# --- Cells ------------------------------------------------------------------------------------------


def _errors(kind: Kind, text: str) -> list[RowError]:
    return parse_upload(kind, text.encode("utf-8")).errors


def test_row_errors_give_the_spreadsheet_row_and_column_and_read_in_nb_and_en():
    text = (
        "Organ;Person;Rolle;Fra;Til\r\n"
        "Faggruppen;Kari;medlem;01.02.2024;\r\n"  # row 2: fine
        "\r\n"  # row 3: blank, skipped but counted
        "Faggruppen;Per;sjef;31.02.2024;2024-13-01\r\n"  # row 4: three bad cells
        ";Eva;leder;2024-03-01;\r\n"  # row 5: no body
    )
    errors = _errors(Kind.MEMBERSHIPS, text)
    assert [(e.row, e.column, e.key) for e in errors] == [
        (4, "role", "import.error.enum"),
        (4, "start_on", "import.error.date"),
        (4, "end_on", "import.error.date"),
        (5, "body", "error.required"),
    ]
    role, start = errors[0], errors[1]
    assert message(Kind.MEMBERSHIPS, role, "nb") == (
        "Ukjent verdi «sjef»; bruk en av: leder, nestleder, medlem, observatør, sekretær, vara."
    )
    assert message(Kind.MEMBERSHIPS, role, "en") == (
        "Unknown value “sjef”; use one of: leader, deputy, member, observer, secretary, substitute."
    )
    assert "dd.mm.åååå" in message(Kind.MEMBERSHIPS, start, "nb")
    assert "dd.mm.yyyy" in message(Kind.MEMBERSHIPS, start, "en")
    assert message(Kind.MEMBERSHIPS, errors[3], "nb") == "Feltet «Organ» må fylles ut."
    assert message(Kind.MEMBERSHIPS, errors[3], "en") == "The field “Body” is required."
    table = importer.error_rows(Kind.MEMBERSHIPS, errors, "en")
    assert table[0] == {"row": 4, "column": "Role", "message": message(Kind.MEMBERSHIPS, role, "en")}


def test_text_limits_and_control_characters_are_cell_errors_naming_the_column():
    long_name = "x" * 201
    errors = _errors(Kind.PERSONS, f"Navn;Stilling\r\n{long_name};ok\r\nKari;Råd\x07giver\r\n")
    assert [(e.row, e.column, e.key) for e in errors] == [
        (2, "name", "error.too_long"),
        (3, "title", "error.control_characters"),
    ]
    assert message(Kind.PERSONS, errors[0], "nb") == "Feltet «Navn» er for langt (201 tegn; høyst 200)."
    assert (
        message(Kind.PERSONS, errors[1], "en") == "The field “Job title” contains invalid control characters."
    )


def test_dates_are_read_the_norwegian_way_or_as_iso():
    assert importer.parse_date("11.09.2020") == dt.date(2020, 9, 11)
    assert importer.parse_date("1.2.2024") == dt.date(2024, 2, 1)
    assert importer.parse_date("2020-09-11") == dt.date(2020, 9, 11)
    assert importer.parse_date(dt.datetime(2020, 9, 11)) == dt.date(2020, 9, 11)
    for bad in (
        "31.02.2024",
        "09/11/2020",
        "11.09.20",
        "2020-9-11",
        "i morgen",
        dt.datetime(2020, 9, 11, 10),
    ):
        assert importer.parse_date(bad) is None, bad
    assert importer.parse_datetime("12.09.2024 10:30") == dt.datetime(2024, 9, 12, 10, 30)
    assert importer.parse_datetime("2024-09-12T10:30") == dt.datetime(2024, 9, 12, 10, 30)
    assert importer.parse_datetime("12.09.2024 25:00") is None


def test_values_in_norwegian_english_or_code_booleans_numbers_and_lists():
    text = (
        "Type;Navn;Fylkesnivå;Medlem;Delregioner\r\n"
        "Kommune;Oslo kommune;ja;Yes;\r\n"
        "sub_region;Follo;nei;;\r\n"
        "fylkeskommune;Akershus;kanskje;nei;\r\n"
        "kommune;Ås;nei;ja;Follo; Nordre Follo\r\n"
    )
    parsed = parse_upload(
        Kind.UNITS,
        text.replace("Follo; Nordre", '"Follo; Nordre').replace("Follo\r\n", 'Follo"\r\n', 1).encode(),
    )
    values = [row.values for row in parsed.rows]
    assert [v["kind"] for v in values] == ["municipality", "sub_region", "county", "municipality"]
    assert values[0]["county_level"] is True and values[0]["is_member"] is True
    assert values[1]["is_member"] is None  # blank: the service's default applies
    assert [(e.row, e.column, e.key) for e in parsed.errors] == [(4, "county_level", "import.error.bool")]
    assert values[3]["sub_regions"] == ("Follo", "Nordre Follo")
    projects = parse_upload(
        Kind.PROJECTS, "Tittel;Fremdrift;Status\r\nA;40 %;Pågår\r\nB;førti;Idé\r\n".encode()
    )
    assert projects.rows[0].values["progress"] == 40 and projects.rows[0].values["status"] == "ongoing"
    assert [(e.row, e.key) for e in projects.errors] == [(3, "import.error.int")]


def test_cells_beyond_the_headers_are_an_error_of_their_row():
    errors = _errors(Kind.PERSONS, "Navn;E-post\r\nKari;k@example.no;stray\r\n")
    assert [(e.row, e.column, e.key) for e in errors] == [(2, None, "import.error.extra_cells")]


def test_merge_drops_a_rule_error_on_a_cell_that_could_not_be_read():
    parsed = [RowError(4, "start_on", "import.error.date")]
    checked = [RowError(4, "start_on", "error.required"), RowError(2, "person", "import.error.not_found")]
    assert importer.merge_errors(parsed, checked) == [checked[1], parsed[0]]


@pytest.mark.parametrize("order_header", ["Varanummer", "rekkefølge", "Order", "substitute_order"])
def test_a_memberships_row_names_a_vara_in_norwegian_or_english_with_its_order(order_header):
    text = (
        f"Organ;Person;Rolle;Representerer;Fra;{order_header};Personlig vara for\r\n"
        "Faggruppen;Siv;vara;Ås;01.02.2024;1;\r\n"
        "Faggruppen;Mona;Varamedlem;Ås;01.02.2024;2;\r\n"
        "Faggruppen;Ole;substitute;;01.02.2024;;Kari\r\n"
        "Faggruppen;Eva;reserve;Ås;01.02.2024;første;\r\n"  # row 5: an unknown role and no number
    )
    parsed = parse_upload(Kind.MEMBERSHIPS, text.encode("utf-8"))
    values = [row.values for row in parsed.rows]
    assert [v["role"] for v in values[:3]] == ["substitute"] * 3
    assert [v["substitute_order"] for v in values] == [1, 2, None, None]
    assert values[2]["substitute_for"] == "Kari"
    errors = parsed.errors
    assert [(e.row, e.column, e.key) for e in errors] == [
        (5, "role", "import.error.enum"),
        (5, "substitute_order", "import.error.int"),
    ]
    assert message(Kind.MEMBERSHIPS, errors[0], "nb").endswith("sekretær, vara.")
    assert message(Kind.MEMBERSHIPS, errors[1], "nb") == "«første» er ikke et helt tall."
    table = importer.error_rows(Kind.MEMBERSHIPS, errors, "nb")
    assert (table[1]["row"], table[1]["column"]) == (5, "Varanummer")
