"""The few HTML pages of the web app (what a link in an e-mail opens): built from plain text that is
always escaped, with one optional form that posts back to the same app. No script, no remote asset."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from starlette.responses import HTMLResponse

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1b1b1b}button{font-size:1rem;padding:.5rem 1rem;cursor:pointer}"
    "button:focus-visible,textarea:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}"
    "textarea{font:inherit;width:100%;max-width:30rem}"
)


@dataclass(frozen=True)
class TextField:
    """A free text the user may fill in (optional), with its label, up to `max_length` characters."""

    name: str
    label: str
    max_length: int


@dataclass(frozen=True)
class Form:
    """A form that posts `fields` (hidden), and the text the user wrote in `text` if there is one, to
    `action` (a path of this app) with one button."""

    action: str
    button: str
    fields: Mapping[str, str] = field(default_factory=dict)
    text: TextField | None = None


def page(
    *,
    title: str,
    paragraphs: Sequence[str],
    language: str,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page in `language` (nb or en) with a heading, paragraphs and perhaps a form; every text is
    escaped, so a meeting's or a person's name is shown as written and never read as markup."""
    lang = "en" if language == "en" else "nb"
    body = [f"<h1>{html.escape(title)}</h1>"]
    body += [f"<p>{html.escape(text)}</p>" for text in paragraphs]
    if form is not None:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
            for name, value in form.fields.items()
        )
        text = ""
        if form.text is not None:
            name = html.escape(form.text.name)
            text = (
                f'<p><label for="field-{name}">{html.escape(form.text.label)}</label><br>'
                f'<textarea id="field-{name}" name="{name}" rows="3" cols="40" '
                f'maxlength="{int(form.text.max_length)}"></textarea></p>'
            )
        body.append(
            f'<form method="post" action="{html.escape(form.action)}">{hidden}{text}'
            f'<button type="submit">{html.escape(form.button)}</button></form>'
        )
    document = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>"
    )
    return HTMLResponse(document, status_code=status_code, headers={"Cache-Control": "no-store"})
