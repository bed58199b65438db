"""The text of a stored document for the search index: PDF, DOCX and plain text, within fixed budgets."""

from __future__ import annotations

import html
import io
import re
import zipfile

from osloreg.filetypes import DOCX, PDF

MAX_BYTES = 20 * 1024 * 1024  # larger files are indexed by their title only
MAX_PAGES = 40  # a PDF's first pages: enough to find it, bounded in time
MAX_XML = 8 * 1024 * 1024  # a DOCX's document.xml, uncompressed (a zip bomb stops here)
MAX_CHARS = 50_000  # what the index keeps of a document's text

_DOCX_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:p[\s>/]")


def document_text(content: bytes | None, content_type: str) -> str:
    """The document's words as plain text ("" when the type has none or it cannot be read: a damaged
    file is indexed by its title, and its upload never fails because of the index)."""
    if not content or len(content) > MAX_BYTES:
        return ""
    try:
        if content_type == PDF:
            return _pdf(content)[:MAX_CHARS]
        if content_type == DOCX:
            return _docx(content)[:MAX_CHARS]
        if content_type.startswith("text/"):
            return content[: MAX_CHARS * 4].decode("utf-8", "replace")[:MAX_CHARS]
    except Exception:  # noqa: BLE001 - any reader error means "no text", never a failed write
        return ""
    return ""


def _pdf(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(parts)


def _docx(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_XML:
            return ""
        xml = archive.read(info)
    parts = [b" " if match.group(1) is None else match.group(1) for match in _DOCX_TEXT.finditer(xml)]
    return html.unescape(b"".join(parts).decode("utf-8", "replace"))
