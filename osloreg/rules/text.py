"""User text and links: what a link may be, and markdown that is safe to show with st.markdown."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from osloreg.rules.validation import Invalid

INPUT_TEXT_MAX = 4000
ADVICE_TEXT_MAX = 8000
LINK_MAX = 2000

# --- Links --------------------------------------------------------------------------------------

_ALLOWED_SCHEME = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
# Whitespace, control characters and the characters RFC 3986 never allows unencoded; refusing them
# keeps a stored link from breaking out of the markdown or HTML it is later shown in.
_NOT_IN_A_LINK = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"`{}|\\^]")


def clean_link(url: str | None) -> str | None:
    """The link to store, or None for none. Only web addresses (http, https) and e-mail (mailto)
    are accepted: anything else (javascript:, data:, file:, a bare word) is refused, never altered."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    if len(url) > LINK_MAX:
        raise Invalid("error.too_long", {"field": "link", "max": LINK_MAX, "length": len(url)})
    if not _ALLOWED_SCHEME.match(url):
        raise Invalid("error.link_scheme")
    if _NOT_IN_A_LINK.search(url):
        raise Invalid("error.link_invalid")
    if url.lower().startswith("mailto:"):
        if len(url) == len("mailto:"):
            raise Invalid("error.link_invalid")
        return url
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # a bad port or IPv6 address raises ValueError
    except ValueError:
        raise Invalid("error.link_invalid") from None
    if not host:
        raise Invalid("error.link_invalid")
    return url


# --- Markdown for display -----------------------------------------------------------------------

# A destination that is safe as it stands: it starts with http(s):// or mailto: literally (so no
# escape or character reference can change the scheme) and holds no whitespace, backslash, quote,
# angle or square bracket; round brackets only in balanced pairs one deep (Wikipedia addresses).
_URL_CHAR = r"[^\s\x00-\x1f\x7f<>()\[\]\"'`\\]"
_SAFE_URL = re.compile(
    rf"(?:https?://{_URL_CHAR}+(?:\({_URL_CHAR}*\){_URL_CHAR}*)*|mailto:{_URL_CHAR}+)", re.IGNORECASE
)
# Anything shaped like an inline link or image: [text](destination "title"). The text holds no
# brackets; the destination no line break and brackets only in pairs one deep.
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\[\]\n]*)\]\((?P<dest>[^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)")
# An autolink, <scheme:...>; kept (as a link) only when what is inside is a safe address.
_AUTOLINK = re.compile(r"<(?P<auto>[^<>\s]*)>")
_LINK_OR_AUTOLINK = re.compile(f"{_LINK.pattern}|{_AUTOLINK.pattern}")
_TITLE = re.compile(r"""\s+(?:"[^"\n]*"|'[^'\n]*')\s*$""")
# Something shaped like a character reference (&amp; &#106; &#x6A;): shown as typed, never decoded.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Schemes that run or embed something, even spelt with whitespace inside. Their colon becomes a
# character reference: the text reads the same, but the scheme never appears as such in what is
# handed to the markdown renderer.
_DANGEROUS_SCHEME = re.compile(
    "(" + "|".join(r"\s*".join(word) for word in ("javascript", "vbscript", "data")) + r")(\s*):",
    re.IGNORECASE,
)


def _defuse(text: str) -> str:
    return _DANGEROUS_SCHEME.sub(r"\1\2&#58;", text)


def _escape(text: str) -> str:
    """Plain text for markdown: no HTML, no link, image, reference or autolink syntax, no maths.
    Emphasis, lists, headings, quotes and code still work."""
    text = text.replace("\\", "\\\\")  # first, so that a user's backslash cannot undo ours
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = text.replace("$", "\\$")  # Streamlit renders $...$ as LaTeX
    return _defuse(text)


def _link(match: re.Match[str]) -> str:
    if match["auto"] is not None:
        address = match["auto"]
        if not _SAFE_URL.fullmatch(address):
            return _escape(match.group(0))
        # Rebuilt as an inline link: an autolink would not decode the reference made below.
        return f"[{_escape(address)}]({_defuse(address)})"
    text = _escape(match["text"])
    destination = _TITLE.sub("", match["dest"]).strip()
    if not _SAFE_URL.fullmatch(destination):
        return text  # not a web or e-mail address: shown as its text, without the target
    if match["bang"]:
        # An image is never loaded: the reader's browser would fetch it from wherever the writer
        # chose (a tracking pixel, an intranet address). Its alt text stays, and its address becomes
        # a link the reader can choose to follow.
        address = f"[{_escape(destination)}]({_defuse(destination)})"
        return f"{text} ({address})" if text.strip() else address
    return f"[{text}]({_defuse(destination)})"


def safe_markdown(text: str) -> str:
    """User text, ready for st.markdown. Raw HTML is shown as typed (escaped, &lt;). Links keep working
    only when they point to http(s) or mailto; any other link becomes its text. No image is ever
    loaded: one with a web address becomes its alt text and a link to the address, any other its alt
    text; reference-style images and definitions are shown as typed (their brackets escaped).
    `javascript:` and its kin cannot survive in any spelling (case, whitespace, backslash escapes,
    character references): the only link syntax left in the result is the one rebuilt here around an
    address that starts with http(s):// or mailto:, and no `!` stands right before it."""
    if not text:
        return ""
    parts: list[str] = []
    position = 0
    for match in _LINK_OR_AUTOLINK.finditer(text):
        link = _link(match)
        parts += filter(None, (_escape(text[position : match.start()]), link))
        if link.startswith("[") and len(parts) > 1 and parts[-2].endswith("!"):
            # A `!` just before a rebuilt link would make it an image: "!<https://…/px.png>", or
            # "[x!](javascript:…)<https://…>" whose first link became its text. (A `!` written right
            # before an inline link belongs to that match, and is dropped above.)
            parts[-2] = parts[-2][:-1] + "\\!"
        position = match.end()
    parts.append(_escape(text[position:]))
    return "".join(parts)
