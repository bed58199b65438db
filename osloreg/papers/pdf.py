"""A paper as tagged, accessible PDF (PDF/UA-1, WeasyPrint) from HTML in which every value is escaped."""

from __future__ import annotations

import html

from osloreg.papers.layout import Bullets, Heading, Paper, Paragraph, Table

# Local fonts only (fonts-dejavu-core): nothing is fetched, and Norwegian letters are all there.
STYLE = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 17pt; margin: 0 0 8pt; }
h2 { font-size: 13.5pt; margin: 16pt 0 6pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
p { margin: 0 0 5pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 6pt; }
caption { text-align: left; font-weight: bold; position: absolute; left: -10000pt; }
th, td { border: 0.5pt solid #555; padding: 3pt 5pt; text-align: left; vertical-align: top; }
ul { margin: 0 0 6pt; padding-left: 14pt; }
"""


class NoFetching(Exception):
    """Raised for every resource WeasyPrint asks for: a paper refers to nothing outside itself."""


def refusing_fetcher():
    """A URL fetcher that refuses every URL (an image, a stylesheet, a font), so rendering a paper
    never opens a connection or a file, whatever a text holds."""
    from weasyprint.urls import URLFetcher

    class Refuse(URLFetcher):
        def fetch(self, url, headers=None):  # noqa: ARG002 - WeasyPrint's signature
            raise NoFetching(f"papers fetch nothing: {url[:80]}")

    return Refuse(fail_on_errors=False)


def _text(value: str) -> str:
    """A text as HTML text: escaped, its line ends as line breaks."""
    return "<br>".join(html.escape(line, quote=True) for line in value.split("\n"))


def _block(block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        label = f"<strong>{_text(block.label)}:</strong> " if block.label else ""
        return f"<p>{label}{_text(block.text)}</p>"
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{_text(text)}</th>' for text in block.header)
        rows = "".join("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in row) + "</tr>" for row in block.rows)
        return (
            f"<table><caption>{_text(block.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_text(text)}</li>" for text in block.items) + "</ul>"
    raise TypeError(f"not a block: {type(block).__name__}")


def paper_html(paper: Paper) -> str:
    """The paper as one HTML document: the language on <html>, the title in <title>, no URL anywhere."""
    body = "\n".join(_block(block) for block in paper.blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(paper.language)}">\n<head><meta charset="utf-8">'
        f"<title>{_text(paper.title)}</title>"
        f'<meta name="author" content="Osloregionen"><style>{STYLE}</style></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def render_pdf(paper: Paper) -> bytes:
    """The paper as PDF/UA-1 bytes: tagged (a structure tree), with its language and title."""
    from weasyprint import HTML

    document = HTML(string=paper_html(paper), base_url=None, url_fetcher=refusing_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
