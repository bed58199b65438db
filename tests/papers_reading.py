"""Reading generated papers back: a DOCX's blocks in order (python-docx), a PDF's text and tags (pypdf)."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import docx
from docx.table import Table
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def docx_blocks(data: bytes) -> list[tuple[str, str]]:
    """(style, text) for each paragraph in document order; a table as ("table", cells joined by " | ")
    per row."""
    document = docx.Document(io.BytesIO(data))
    blocks: list[tuple[str, str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            blocks += [("table", " | ".join(cell.text for cell in row.cells)) for row in block.rows]
        else:
            blocks.append((block.style.name, block.text))
    return blocks


def docx_properties(data: bytes):
    return docx.Document(io.BytesIO(data)).core_properties


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_catalog(data: bytes) -> DictionaryObject:
    return PdfReader(io.BytesIO(data)).trailer["/Root"]


def pdf_title(data: bytes) -> str | None:
    return PdfReader(io.BytesIO(data)).metadata.title


def structure_types(data: bytes) -> list[str]:
    """The structure elements' types ("/H1", "/P", "/Table", ...) in the tree's order."""
    root = pdf_catalog(data)["/StructTreeRoot"].get_object()
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/K"])
    return found


def squeezed(text: str) -> str:
    """The text without any whitespace: a PDF's text breaks its lines where the page does."""
    return "".join(text.split())


def in_order(text: str, *parts: str) -> bool:
    """Each part occurs in the text after the one before it."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


@contextmanager
def listener() -> Iterator[tuple[int, socket.socket]]:
    """A TCP listener on 127.0.0.1 (a free port) that records whether anyone connected."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    try:
        yield server.getsockname()[1], server
    finally:
        server.close()


def connections(server: socket.socket) -> int:
    """How many connections wait on the listener."""
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1
