"""User text and links: which links are accepted, and markdown that is safe to show."""

from __future__ import annotations

import re
import time

import pytest

from osloreg.rules.text import LINK_MAX, clean_link, safe_markdown
from osloreg.rules.validation import Invalid

# --- Links ----------------------------------------------------------------------------------------


def _refused(url: str) -> str:
    with pytest.raises(Invalid) as refused:
        clean_link(url)
    return refused.value.key


def test_no_link_is_none():
    assert clean_link(None) is None
    assert clean_link("") is None
    assert clean_link("   \t") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.osloregionen.no/prosjekter/",
        "http://example.org/dokument/1234?side=2&del=3#avsnitt",
        "HTTPS://Example.org/Sak(2020)",
        "https://[2001:db8::1]:8080/",
        "mailto:post@osloregionen.no",
        "https://no.wikipedia.org/wiki/Osloregionen_(samarbeid)",
    ],
)
def test_web_and_mail_addresses_are_accepted_as_given(url):
    assert clean_link(url) == url


def test_surrounding_whitespace_is_trimmed_and_nothing_else_changed():
    assert clean_link("  https://example.org/Å  \n") == "https://example.org/Å"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/",
        "www.example.org",
        "//example.org/",
        "example.org",
        "&#106;avascript:alert(1)",
    ],
)
def test_other_schemes_and_bare_addresses_are_refused(url):
    assert _refused(url) == "error.link_scheme"


@pytest.mark.parametrize(
    "url",
    [
        "https://",
        "https:///sti",
        "https://exa mple.org/",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/<script>",
        "https://example.org/\x00",
        "https://example.org:port/",
        "mailto:",
    ],
)
def test_addresses_that_could_break_out_of_where_they_are_shown_are_refused(url):
    assert _refused(url) == "error.link_invalid"


def test_a_link_may_be_2000_characters_long_and_no_longer():
    base = "https://example.org/"
    assert clean_link(base + "a" * (LINK_MAX - len(base))) is not None
    with pytest.raises(Invalid) as refused:
        clean_link(base + "a" * (LINK_MAX - len(base) + 1))
    assert refused.value.key == "error.too_long"
    assert refused.value.params["max"] == LINK_MAX


# --- Markdown -------------------------------------------------------------------------------------

SAFE_TARGET = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)


def _unescaped(text: str, index: int) -> bool:
    """True if the character at `index` is not escaped by an odd number of backslashes."""
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 0


def _assert_safe(out: str) -> None:
    """The only link syntax left is [text](http(s)/mailto address); no HTML, no autolink, and the
    word javascript: is gone in every spelling."""
    assert "<" not in out
    openers = [i for i, char in enumerate(out) if char == "[" and _unescaped(out, i)]
    targets = [m.end() for m in re.finditer(r"\]\(", out) if _unescaped(out, m.start())]
    assert len(openers) == len(targets)
    for start in targets:
        assert SAFE_TARGET.match(out, start), out[start:]
    squeezed = re.sub(r"\s", "", out).lower()
    assert "javascript:" not in squeezed and "vbscript:" not in squeezed


def test_ordinary_markdown_is_left_alone():
    text = "## Innspill\n\n**Viktig:** vi støtter _forslaget_.\n\n- Follo\n- Romerike\n\n> Sitat\n\n`kode`"
    assert safe_markdown(text) == text
    assert safe_markdown("Tom & Jerry, 3 > 2") == "Tom & Jerry, 3 > 2"


def test_empty_text_is_empty():
    assert safe_markdown("") == ""


def test_raw_html_is_shown_as_typed():
    out = safe_markdown('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert out.startswith("&lt;script>alert(1)&lt;/script>&lt;img")
    _assert_safe(out)


def test_character_references_are_shown_as_typed_not_decoded():
    assert safe_markdown("&lt;b&gt; og &#106; og &#x6A;") == "&amp;lt;b&amp;gt; og &amp;#106; og &amp;#x6A;"


def test_web_and_mail_links_keep_working():
    assert safe_markdown("Se [saken](https://www.osloregionen.no/sak/48-20).") == (
        "Se [saken](https://www.osloregionen.no/sak/48-20)."
    )
    assert safe_markdown("[Skriv](mailto:post@osloregionen.no)") == "[Skriv](mailto:post@osloregionen.no)"
    assert safe_markdown("[Wiki](https://no.wikipedia.org/wiki/Oslo_(by))") == (
        "[Wiki](https://no.wikipedia.org/wiki/Oslo_(by))"
    )


def test_a_link_title_is_dropped_and_the_link_kept():
    assert safe_markdown('[saken](https://example.org "Tittel")') == "[saken](https://example.org)"


def test_javascript_link_is_shown_as_text():
    out = safe_markdown("Trykk [her](javascript:alert(document.cookie)) for mer.")
    assert out == "Trykk her for mer."


def test_web_autolink_stays_a_link_and_others_become_text():
    assert safe_markdown("<https://example.org/a>") == "[https://example.org/a](https://example.org/a)"
    out = safe_markdown("<javascript:alert(1)>")
    assert out == "&lt;javascript&#58;alert(1)>"
    _assert_safe(out)


def _image_openers(out: str) -> list[int]:
    """Where the markdown holds the start of an image, inline or by reference: an unescaped `!`
    right before an unescaped `[` (CommonMark's only image syntax; raw <img> is caught by `<`)."""
    return [
        i
        for i, char in enumerate(out)
        if char == "[" and _unescaped(out, i) and i > 0 and out[i - 1] == "!" and _unescaped(out, i - 1)
    ]


def test_an_image_from_the_web_becomes_its_alt_text_and_a_link_to_its_address():
    out = safe_markdown("Se ![Kart over regionen](https://example.org/kart.png) her.")
    assert out == "Se Kart over regionen ([https://example.org/kart.png](https://example.org/kart.png)) her."
    # Without alt text the address is the link's text, so the reader sees where it leads.
    assert safe_markdown("![](https://tracker.example.com/px.png)") == (
        "[https://tracker.example.com/px.png](https://tracker.example.com/px.png)"
    )
    assert safe_markdown('![x](https://example.org/a.png "Tittel")') == (
        "x ([https://example.org/a.png](https://example.org/a.png))"
    )


def test_an_image_from_anywhere_else_becomes_its_alt_text():
    assert safe_markdown("![Kart](data:image/svg+xml;base64,PHN2Zz4=)") == "Kart"
    assert safe_markdown("![Kart](file:///etc/passwd)") == "Kart"


TRACKER = "https://tracker.example.com/px.png"


@pytest.mark.parametrize(
    "text",
    [
        f"![x]({TRACKER})",
        f"![]({TRACKER})",
        f'![x]({TRACKER} "tittel")',
        f"![x]( {TRACKER} )",
        f"![x](<{TRACKER}>)",
        f"![x][r]\n\n[r]: {TRACKER}",
        f"![x][]\n\n[x]: {TRACKER}",
        f"![x]\n\n[x]: {TRACKER}",
        f"![x] [r]\n\n[r]: <{TRACKER}> 'tittel'",
        f"[r]: {TRACKER}\n![r]",
        f"![x\ny]({TRACKER})",
        f"![x](\n{TRACKER})",
        f"!\n[x]({TRACKER})",
        f"\\![x]({TRACKER})",
        f"\\\\![x]({TRACKER})",
        f"!\\[x]({TRACKER})",
        f"!!![x]({TRACKER})",
        f"!<{TRACKER}>",
        f"!!<{TRACKER}>",
        f"![x]<{TRACKER}>",
        f"[a!](javascript:alert(1))<{TRACKER}>",
        f"![a!](data:x)<{TRACKER}>",
        f"[x!]()<{TRACKER}>",
        f"![![x]({TRACKER})]({TRACKER})",
        f"[![x]({TRACKER})](https://example.org/)",
        f"![[x]({TRACKER})]({TRACKER})",
        f"![x]({TRACKER}){TRACKER}",
        f"!{TRACKER}",
        "![x](https://tracker.example.com/a_(b).png)",
        f"&#33;[x]({TRACKER})",
        f"&excl;[x]({TRACKER})",
        f'<img src="{TRACKER}">',
        f"<IMG SRC={TRACKER}>",
        f"<picture><source srcset={TRACKER}></picture>",
        f"`![x]({TRACKER})`",
        f"$\\includegraphics{{{TRACKER}}}$",
        f":material/image: ![x]({TRACKER})",
    ],
)
def test_no_image_survives_in_any_spelling(text):
    out = safe_markdown(text)
    assert _image_openers(out) == [], out
    _assert_safe(out)


def test_an_image_inside_a_link_is_undone_and_both_addresses_stay_readable():
    out = safe_markdown("[![Logo](https://example.org/logo.png)](https://example.org/)")
    assert _image_openers(out) == []
    assert "https://example.org/logo.png" in out and "https://example.org/" in out


def test_dollar_signs_are_money_not_maths():
    assert safe_markdown("Fra $5 til $10") == "Fra \\$5 til \\$10"


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](java\tscript:alert(1))",
        "[x](\njavascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&colon;alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript\\:alert(1))",
        "[x](<javascript:alert(1)>)",
        '[x](javascript:alert(1) "tittel")',
        "![x](javascript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[r]: <javascript:alert(1)>\n\n[r]",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<a href='javascript:alert(1)'>x</a>",
        '<a href="&#106;avascript:alert(1)">x</a>',
        "[[x](https://ok.example)](javascript:alert(1))",
        "[x](https://ok.example)(javascript:alert(1))",
        "\\[x](javascript:alert(1))",
        "\\\\[x](javascript:alert(1))",
        "[x\\](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "javascript:alert(1)",
        "j a v a s c r i p t :alert(1)",
        "`[x](javascript:alert(1))`",
        "```\n<script>alert(1)</script>\n```",
        "[x](https://ok.example/javascript:alert(1))",
        "$\\href{javascript:alert(1)}{x}$",
        ":red[x](javascript:alert(1))",
    ],
)
def test_javascript_never_survives_in_any_spelling(text):
    _assert_safe(safe_markdown(text))


def test_a_users_backslash_cannot_undo_the_escaping():
    out = safe_markdown("\\<b>\\[x\\]")
    assert out == "\\\\&lt;b>\\\\\\[x\\\\\\]"
    _assert_safe(out)


def test_long_hostile_text_is_handled_quickly():
    hostile = ["[" * 20_000, "[x](" * 5_000, "[x](" + "(" * 10_000, "<" * 20_000, "&#" * 10_000]
    started = time.perf_counter()
    for text in hostile:
        _assert_safe(safe_markdown(text))
    assert time.perf_counter() - started < 2
