"""A document's content type read from its bytes (PDF, DOCX, XLSX, ODT, PNG, JPEG), within fixed budgets."""

from __future__ import annotations

import io
import math
import struct
import zipfile

from osloreg.rules.validation import Invalid

MB = 1024 * 1024
DEFAULT_MAX_MB = 20
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * MB

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
# The file name's ending that goes with each type; a name that lacks it gets it (a PDF named
# "notat.html" would otherwise be saved, and opened, as a web page).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    ODT: (".odt",),
}
ALLOWED = "PDF, DOCX, XLSX, ODT, PNG, JPEG"

# A ZIP-based document is told by its central directory and one small member; nothing else is
# unpacked. The budgets bound what an archive made to cost memory or time can make us do.
MAX_ENTRIES = 5_000  # a long report in Word has a few hundred parts
MAX_CENTRAL_DIRECTORY = 2 * MB
MAX_SMALL_MEMBER = 256 * 1024  # [Content_Types].xml or mimetype, read to confirm the kind
MAX_UNPACKED = 500 * MB  # what the archive says it unpacks to, all members together (zip bomb)
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_OOXML_MAIN = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_OOXML_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def _refuse() -> Invalid:
    return Invalid("error.file_type", {"allowed": ALLOWED})


def sniff(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The content type of `data`, told from its bytes, never its name; Invalid for anything else (a
    renamed program, a web page, an SVG, an archive that is none of the kinds, a truncated file)."""
    if not data:
        raise Invalid("error.file_empty", {})
    if len(data) > max_bytes:
        # The size rounded up, so a file a byte over the limit never reads as the limit itself ("20.0
        # MB; at most 20 MB") but as more than it (20.1).
        size = math.ceil(len(data) * 10 / MB) / 10
        raise Invalid("error.file_too_large", {"max": max_bytes // MB, "size": size})
    if data.startswith(b"%PDF-"):
        # A whole PDF ends with %%EOF (an incremental save may add a line or two after it).
        if b"%%EOF" in data[-1024:]:
            return PDF
    elif data.startswith(_PNG_SIGNATURE):
        if data[12:16] == b"IHDR" and data.endswith(_PNG_END):
            return PNG
    elif data.startswith(b"\xff\xd8\xff"):
        if b"\xff\xd9" in data[-64:]:  # the end-of-image marker; some cameras pad after it
            return JPEG
    elif data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    raise _refuse()


def _central_directory(data: bytes) -> tuple[int, int]:
    """(entries, size) of the archive's central directory, read from its end record before zipfile
    builds an object per entry; ZIP64 archives (over 65,535 entries or 4 GB) are no document of ours."""
    at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SIZE - _MAX_COMMENT))
    if at < 0 or len(data) - at < _EOCD_SIZE:
        raise _refuse()
    _disk, _start_disk, _here, entries, size, _offset, _comment = struct.unpack(
        "<HHHHIIH", data[at + 4 : at + _EOCD_SIZE]
    )
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        raise _refuse()
    return entries, size


def _sniff_zip(data: bytes) -> str:
    entries, size = _central_directory(data)
    if not 0 < entries <= MAX_ENTRIES or size > MAX_CENTRAL_DIRECTORY:
        raise _refuse()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) != entries or sum(info.file_size for info in infos) > MAX_UNPACKED:
                raise _refuse()
            if any(info.flag_bits & 0x1 for info in infos):  # encrypted: nothing can be checked
                raise _refuse()
            names = {info.filename for info in infos}
            first = infos[0]
            if first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED:
                if _read_small(archive, first).strip() == ODT.encode():
                    return ODT
                raise _refuse()
            if "[Content_Types].xml" in names:
                types = _read_small(archive, archive.getinfo("[Content_Types].xml"))
                for kind, part in _OOXML_PART.items():
                    if part in names and _OOXML_MAIN[kind] in types:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError):
        pass  # damaged, truncated, or packed with a method zipfile lacks
    except (ValueError, KeyError):
        pass
    raise _refuse()


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member of at most MAX_SMALL_MEMBER bytes, unpacked no further than that whatever it declares."""
    if info.file_size > MAX_SMALL_MEMBER or info.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        raise _refuse()
    with archive.open(info) as member:
        content = member.read(MAX_SMALL_MEMBER + 1)
    if len(content) > MAX_SMALL_MEMBER:
        raise _refuse()
    return content


def with_extension(filename: str, content_type: str) -> str:
    """The file name, ending as its type does: "notat" or "notat.html" for a PDF become "notat.pdf"
    and "notat.html.pdf" (the name is kept, only an ending is added)."""
    endings = EXTENSIONS[content_type]
    return filename if filename.lower().endswith(endings) else filename + endings[0]
