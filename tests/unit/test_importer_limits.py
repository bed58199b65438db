"""Uploads that must be refused in words, quickly, without building what they declare: the review's
"dimension bomb" sheets, a header of a million columns, cells right of the table, mixed encodings,
and look-alike names with invisible characters in the cells (security review #44, #45, #39, #31).
Memory and time of the same files, measured in a fresh process, are in
tests/reliability/test_import_limits.py."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from osloreg import importer
from osloreg.importer import FileRefused, Kind, message, parse_upload, read_table
from tests import import_files as files


def _refused(kind: Kind, data: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        parse_upload(kind, data)
    return caught.value


def _both(kind: Kind, refused: FileRefused) -> tuple[str, str]:
    return message(kind, refused, "nb"), message(kind, refused, "en")


# --- Excel: only the cells the file holds, and only the kind's columns -------------------------------


def test_a_value_in_the_far_corner_of_a_sheet_declared_full_is_refused_naming_the_cell():
    data = files.dimension_bomb()
    assert len(data) < 2000  # the review's 1.5 KB file
    refused = _refused(Kind.PERSONS, data)
    assert (refused.key, refused.params) == (
        "import.error.cell_outside",
        {"row": 1_048_576, "column": "XFD", "max": 4},
    )
    nb, en = _both(Kind.PERSONS, refused)
    assert nb.startswith("Rad 1048576 har en verdi i kolonne XFD, utenfor de 4 kolonnene")
    assert en.startswith("Row 1048576 has a value in column XFD, outside the 4 columns")


def test_a_sheet_that_declares_the_whole_grid_is_read_by_the_rows_it_holds():
    parsed = parse_upload(Kind.PERSONS, files.dimension_bomb(2000, far_corner=False))
    assert parsed.errors == [] and len(parsed.rows) == 2000
    assert parsed.rows[-1].number == 2001
    columns = ("name", "email", "employer", "title")
    assert parsed.rows[-1].values == dict(zip(columns, files.person_row(2001), strict=True))


def test_a_header_wider_than_the_kind_is_refused_before_any_header_is_looked_up():
    # Excel's widest row: 16,384 headers.
    refused = _refused(Kind.PERSONS, files.wide_header_xlsx())
    assert (refused.key, refused.params) == ("import.error.too_many_columns", {"max": 4})
    nb, en = _both(Kind.PERSONS, refused)
    assert nb.startswith("Filen har flere kolonner enn de 4 denne importen kan ha.")
    assert en.startswith("The file has more columns than the 4 this import can have.")
    # One more than the kind has, in a CSV: refused the same way, not as "unknown" or "given twice".
    refused = _refused(Kind.PERSONS, b"Navn;E-post;Arbeidsgiver;Stilling;Navn\r\nKari;k@example.no;;;\r\n")
    assert refused.key == "import.error.too_many_columns"


def test_a_csv_header_of_a_million_names_is_refused_in_well_under_a_second():
    data = files.duplicate_headers_csv()
    assert len(data) > 5_000_000  # the review's dupheaders_max.csv
    started = time.perf_counter()
    refused = _refused(Kind.PERSONS, data)
    elapsed = time.perf_counter() - started
    assert refused.key == "import.error.too_many_columns"
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_map_columns_counts_doubled_headers_in_one_pass():
    # Within the kind's width the doubled header is still named (the count no longer scans the list
    # once per header: 160,000 headers took 16 s).
    with pytest.raises(FileRefused) as caught:
        importer.map_columns(Kind.PROJECTS, ["Tittel", "Status", "tittel", "Title"])
    assert caught.value.key == "import.error.doubled_columns" and caught.value.params["codes"] == ("title",)


def test_a_value_right_of_the_kinds_columns_is_refused_naming_row_and_column():
    csv_data = b"Navn;E-post\r\nKari;k@example.no\r\nOla;o@example.no;;;;notat\r\n"
    refused = _refused(Kind.PERSONS, csv_data)
    assert (refused.key, refused.params) == ("import.error.cell_outside", {"row": 3, "column": "F", "max": 4})
    rows = files._row(1, files.PERSONS_HEADER) + '<row r="2">' + files._cell("G2", "notat") + "</row>"
    refused = _refused(Kind.PERSONS, files.xlsx(rows))
    assert (refused.key, refused.params) == ("import.error.cell_outside", {"row": 2, "column": "G", "max": 4})
    # Within the kind's width, a cell right of the file's own headers stays an error of its row.
    parsed = parse_upload(Kind.PERSONS, b"Navn;E-post\r\nKari;k@example.no;x\r\n")
    assert [(e.row, e.key) for e in parsed.errors] == [(2, "import.error.extra_cells")]


def test_empty_cells_right_of_the_table_are_no_values():
    # What Excel writes for a used range wider than the table: trailing separators, formatted cells.
    parsed = parse_upload(
        Kind.PERSONS, ("Navn;E-post" + ";" * 40 + "\r\nKari;k@example.no" + ";" * 40).encode()
    )
    assert parsed.errors == [] and parsed.rows[0].values == {"name": "Kari", "email": "k@example.no"}
    rows = files._row(1, ("Navn",)) + '<row r="2">' + files._cell("A2", "Kari") + '<c r="XFD2" s="1"/></row>'
    assert parse_upload(Kind.PERSONS, files.xlsx(rows)).rows[0].values == {"name": "Kari"}


def test_a_csv_row_of_thousands_of_cells_is_refused_before_it_is_split():
    data = ("Navn;E-post\r\nKari;k@example.no\r\nOla;o@example.no" + ";" * 16_383 + "\r\n").encode()
    refused = _refused(Kind.PERSONS, data)
    assert (refused.key, refused.params) == (
        "import.error.row_too_wide",
        {"row": 3, "count": 16_385, "max": 4},
    )
    nb, en = _both(Kind.PERSONS, refused)
    assert "Rad 3 har 16385 celler" in nb and "Row 3 has 16385 cells" in en
    # A separator inside a quoted cell is text, not a cell: a long quoted text full of them is read.
    text = '"' + "a;" * 2000 + '"'
    parsed = parse_upload(Kind.PROJECTS, f"Tittel;Beskrivelse\r\nPlan;{text}\r\n".encode())
    assert parsed.errors == [] and parsed.rows[0].values["description"] == "a;" * 2000


def test_a_sheet_of_a_million_empty_elements_is_refused_by_count():
    rows = files._row(1, files.PERSONS_HEADER) + "<row><c/><c/></row>" * 310_000
    refused = _refused(Kind.PERSONS, files.xlsx(rows))
    assert refused.key == "import.error.xlsx_too_many_cells"
    assert "Excel-filen har flere enn" in message(Kind.PERSONS, refused, "nb")


def test_a_cell_longer_than_excel_allows_is_refused():
    rows = files._row(1, ("Navn",)) + files._row(2, ("x" * 32_768,))
    refused = _refused(Kind.PERSONS, files.xlsx(rows))
    assert (refused.key, refused.params) == ("import.error.cell_too_long", {"max": 32_767})


def test_a_workbook_with_external_links_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        io.BytesIO(files.xlsx(files._row(1, ("Navn",)) + files._row(2, ("Kari",))))
    ) as source:
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                target.writestr(item, source.read(item))
            target.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    assert _refused(Kind.PERSONS, buffer.getvalue()).key == "import.error.xlsx_links"


def test_a_zip_bomb_is_refused():
    # 210 MB of XML packed into under 1 MB (the review's #43 had 300 MB in 300 KB): refused by size.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(files.xlsx(files._row(1, ("Navn",))))) as source:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for item in source.infolist():
                target.writestr(item, source.read(item))
            target.writestr("xl/media/padding.xml", b" " * 210_000_000)
    assert len(buffer.getvalue()) < 1_000_000
    assert _refused(Kind.PERSONS, buffer.getvalue()).key == "import.error.xlsx_broken"


def test_a_sheet_without_a_dimension_or_cell_references_is_read_in_order():
    rows = "<row><c t='inlineStr'><is><t>Navn</t></is></c><c t='inlineStr'><is><t>E-post</t></is></c></row>"
    rows += "<row><c t='inlineStr'><is><r><t>Ka</t></r><r><t>ri</t></r></is></c><c/></row>"
    assert parse_upload(Kind.PERSONS, files.xlsx(rows)).rows[0].values == {"name": "Kari", "email": None}


def test_a_sheet_with_a_dtd_is_refused():
    rows = files._row(1, ("Navn",)) + files._row(2, ("Kari",))
    data = files.xlsx(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "<worksheet", '<!DOCTYPE x [<!ENTITY a "aaa">]><worksheet', 1
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    assert _refused(Kind.PERSONS, buffer.getvalue()).key == "import.error.xlsx_broken"


# --- Encodings ---------------------------------------------------------------------------------------


def test_a_utf8_file_with_one_windows_1252_line_is_refused_naming_the_row():
    refused = _refused(Kind.PERSONS, files.mixed_encoding_csv())
    assert (refused.key, refused.params) == ("import.error.encoding", {"row": 3})
    nb, en = _both(Kind.PERSONS, refused)
    assert nb.startswith("Rad 3 er ikke gyldig UTF-8") and "«CSV UTF-8»" in nb
    assert en.startswith("Row 3 is not valid UTF-8") and "“CSV UTF-8”" in en
    # The same with a byte order mark, and the other way round (one UTF-8 line in Windows-1252).
    assert _refused(Kind.PERSONS, b"\xef\xbb\xbf" + files.mixed_encoding_csv()).params == {"row": 3}
    reversed_ = "Navn\r\nÅse\r\n".encode("cp1252") + "Øyvind\r\n".encode()
    assert _refused(Kind.PERSONS, reversed_).params == {"row": 2}


def test_a_file_all_in_windows_1252_is_still_read():
    data = "Navn;Arbeidsgiver\r\nØyvind Ås;Bærum kommune\r\nÅse Sæther;Røyken kommune\r\n".encode("cp1252")
    assert [row.values["name"] for row in parse_upload(Kind.PERSONS, data).rows] == [
        "Øyvind Ås",
        "Åse Sæther",
    ]


def test_text_that_is_neither_utf8_nor_windows_1252_names_its_row():
    assert _refused(Kind.PERSONS, b"Navn\r\nKari\r\nOla\x81\x8d\r\n").params == {"row": 3}


# --- Names in the cells --------------------------------------------------------------------------------


def test_direction_controls_in_a_name_cell_are_a_cell_error_and_pasted_invisibles_are_dropped():
    text = (
        "Navn;Arbeidsgiver\r\n"
        "\u2066\u2067\u2068Oslo kommune\u2069;Oslo kommune\r\n"  # row 2: bidi isolates
        "Kari\u202eNordmann;Oslo kommune\r\n"  # row 3: a right-to-left override
        "Ola\u00adNordmann;Oslo\u200bkommune\r\n"  # row 4: a soft hyphen, a zero width space
    )
    parsed = parse_upload(Kind.PERSONS, text.encode())
    assert [(e.row, e.column, e.key) for e in parsed.errors] == [
        (2, "name", "error.invisible_characters"),
        (3, "name", "error.invisible_characters"),
    ]
    assert message(Kind.PERSONS, parsed.errors[0], "nb").startswith("Feltet «Navn» inneholder usynlige tegn")
    assert message(Kind.PERSONS, parsed.errors[0], "en").startswith("The field “Name” contains invisible")
    assert parsed.rows[2].values == {"name": "OlaNordmann", "employer": "Oslo kommune"}


def test_read_table_alone_keeps_the_widest_kinds_columns():
    assert len(read_table(("Tittel" + ";x" * 9 + "\r\n" + "a" + ";b" * 9 + "\r\n").encode()).rows[0][1]) == 10
    refused = pytest.raises(FileRefused, read_table, ("a" + ";b" * 10 + "\r\nc\r\n").encode())
    assert refused.value.key == "import.error.too_many_columns"
