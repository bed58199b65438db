"""A document's type is read from its bytes: the six kinds are known, anything else is refused in words."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from openpyxl import Workbook

from osloreg import filetypes
from osloreg.config import ConfigError, load_settings
from osloreg.rules.validation import Invalid

DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 20 + b"\xff\xd9"
    )


def zipped(members: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, (name, data) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and position == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped(
        [
            ("[Content_Types].xml", DOCX_TYPES.encode()),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]
    )


def xlsx() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Sak 48/20"
    book.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    return zipped(
        [("mimetype", filetypes.ODT.encode()), ("content.xml", b"<office:document-content/>")],
        stored_first=True,
    )


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (pdf, filetypes.PDF),
        (png, filetypes.PNG),
        (jpeg, filetypes.JPEG),
        (docx, filetypes.DOCX),
        (xlsx, filetypes.XLSX),
        (odt, filetypes.ODT),
    ],
)
def test_each_kind_is_known_by_its_bytes(make, expected):
    assert filetypes.sniff(make()) == expected


def refused_as(data: bytes, key: str = "error.file_type", **kwargs) -> Invalid:
    with pytest.raises(Invalid) as caught:
        filetypes.sniff(data, **kwargs)
    assert caught.value.key == key
    return caught.value


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,  # a Windows program, whatever it is called
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"Navn;E-post\r\nKari;kari@example.no\r\n",
        b"GIF89a\x01\x00\x01\x00",
    ],
    ids=["exe", "html", "svg", "csv", "gif"],
)
def test_anything_else_is_refused(data):
    assert "PDF" in refused_as(data).params["allowed"]


def test_a_zip_that_is_no_document_is_refused():
    refused_as(zipped([("readme.txt", b"hei"), ("program.exe", b"MZ")]))
    # The right names, but the content types say a macro workbook: not one of ours.
    macro = DOCX_TYPES.replace("wordprocessingml.document.main", "spreadsheetml.sheet.macroEnabled.main")
    refused_as(zipped([("[Content_Types].xml", macro.encode()), ("xl/workbook.xml", b"<workbook/>")]))
    # An ODT's mimetype that names another kind (a spreadsheet) is refused too.
    refused_as(zipped([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")], stored_first=True))


@pytest.mark.parametrize("make", [pdf, png, jpeg, docx, xlsx, odt])
def test_a_truncated_file_is_refused(make):
    data = make()
    refused_as(data[: len(data) - 30])


def test_empty_and_too_large_files_are_refused_in_words():
    refused_as(b"", "error.file_empty")
    error = refused_as(pdf() + b" " * (2 * filetypes.MB), "error.file_too_large", max_bytes=filetypes.MB)
    assert error.params["max"] == 1


def test_an_archive_of_too_many_entries_is_refused_from_its_end_record():
    members = [(f"word/{n}.xml", b"") for n in range(filetypes.MAX_ENTRIES + 1)]
    refused_as(zipped([("[Content_Types].xml", DOCX_TYPES.encode()), ("word/document.xml", b"x"), *members]))


def test_a_zip_bomb_is_refused_without_unpacking_it(monkeypatch):
    # Zeros pack a thousandfold; the size the archive declares is over the budget of the whole.
    bomb = zipped(
        [("[Content_Types].xml", DOCX_TYPES.encode()), ("word/document.xml", b"\x00" * (4 * filetypes.MB))]
    )
    assert len(bomb) < 20_000
    monkeypatch.setattr(filetypes, "MAX_UNPACKED", 2 * filetypes.MB)
    refused_as(bomb)


def test_a_content_types_member_that_unpacks_large_is_refused():
    huge = DOCX_TYPES.encode() + b" " * (filetypes.MAX_SMALL_MEMBER + 1)
    refused_as(zipped([("[Content_Types].xml", huge), ("word/document.xml", b"x")]))


def test_a_file_name_gets_the_ending_of_its_type():
    assert filetypes.with_extension("notat.pdf", filetypes.PDF) == "notat.pdf"
    assert filetypes.with_extension("notat.html", filetypes.PDF) == "notat.html.pdf"
    assert filetypes.with_extension("bilde.JPEG", filetypes.JPEG) == "bilde.JPEG"


def test_the_largest_document_is_a_setting(tmp_path):
    none = tmp_path / "none.toml"
    environ = {"OSLOREG_VAR_DIR": str(tmp_path)}
    assert load_settings(environ, none).max_document_mb == 20
    assert load_settings({**environ, "OSLOREG_MAX_DOCUMENT_MB": "5"}, none).max_document_mb == 5
    for wrong in ("0", "fem", "21", "1000"):  # 21: over what the server takes
        with pytest.raises(ConfigError):
            load_settings({**environ, "OSLOREG_MAX_DOCUMENT_MB": wrong}, none)
