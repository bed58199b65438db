"""Pure checks of user-entered values; each failure names a catalogue key for the message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# C0/C1 control characters other than tab, newline and carriage return; NUL included.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

TITLE_MAX = 300
TEXT_MAX = 10_000
NAME_MAX = 200
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# The password policy's length, counted in characters after normalisation (osloreg.passwords).
PASSWORD_MIN = 12
PASSWORD_MAX = 128


@dataclass
class Invalid(Exception):
    """A value a user gave cannot be stored; `key` names the message, `params` fill it in."""

    key: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key


# --- Invisible and direction-changing characters in names and titles --------------------------------
#
# A field of at most TITLE_MAX characters is a name, a title or another one-line value (a unit's or a
# person's name, a project's, case's, meeting's or advice's title, a place, an e-mail address). There
# the invisible "format" characters (Unicode category Cf) are handled by class, so that no name can
# look like another ("Oslo kommune" wrapped in bidi isolates) or show its letters in another order:
#
# - Direction controls (embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks
#   U+200E, U+200F and U+061C) are refused, naming the field. They change how the text around them is
#   shown (an override shows "exe.txt" as "txt.exe"); no Norwegian or Sami name needs one, and dropping
#   them silently could change what the text says.
# - The zero width space U+200B is a space in meaning (a place to break a line), so it becomes one.
# - What Word and web pages leave behind when text is pasted, and that shows as nothing (the soft
#   hyphen U+00AD, the word joiner U+2060, U+FEFF), is dropped: the text reads exactly the same.
# - The joiners U+200C and U+200D (and U+180E) are kept where they join: inside an emoji sequence
#   (a family, a flag with a rainbow) and between letters of scripts that shape with them (Persian,
#   the Indic scripts). Between Latin letters or at the ends they do nothing visible, and are dropped.
# - Tag characters are kept inside an emoji flag sequence (the flags of England, Scotland, Wales).
# - Any other format character (invisible maths operators, interlinear annotation, deprecated
#   formatting) is refused: it is never typed into a name by accident.
# Longer, multi-line free text (descriptions, minutes, input) is left as written: emoji sequences and
# right-to-left quotations belong there, and it is never compared as a name.
LINE_MAX = TITLE_MAX
_DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACES = frozenset("\u200b")
_DROPPED = frozenset("\u00ad\u2060\ufeff")
_JOINERS = frozenset("\u200c\u200d\u180e")
_BLACK_FLAG, _CANCEL_TAG = "\U0001f3f4", "\U000e007f"
_OTHER_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "DIGIT", "COMBINING")


def _is_emoji_part(char: str) -> bool:
    # Emoji are symbols (So); skin tones are modifiers (Sk); U+FE0F asks for the emoji form.
    return unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f"


def _is_shaped_letter(char: str) -> bool:
    """A letter or mark of a script that uses the joiners (not Latin, Greek or Cyrillic)."""
    return unicodedata.category(char)[0] in "LM" and not unicodedata.name(char, "").startswith(_OTHER_SCRIPTS)


def _joins(text: str, at: int) -> bool:
    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    if not before or not after:
        return False
    if text[at] == "\u200d" and _is_emoji_part(before) and unicodedata.category(after) == "So":
        return True
    return _is_shaped_letter(before) and _is_shaped_letter(after)


def _in_flag_sequence(text: str, at: int) -> bool:
    start = at
    while start > 0 and "\U000e0020" <= text[start - 1] <= _CANCEL_TAG:
        start -= 1
    end = at
    while end + 1 < len(text) and "\U000e0020" <= text[end + 1] <= _CANCEL_TAG:
        end += 1
    return start > 0 and text[start - 1] == _BLACK_FLAG and text[end] == _CANCEL_TAG


def clean_line(value: str, field_name: str) -> str:
    """A one-line value with its invisible characters handled as described above."""
    if value.isprintable():  # no format character at all (and no line break, tab or odd space)
        return value
    kept: list[str] = []
    for at, char in enumerate(value):
        if unicodedata.category(char) != "Cf":
            kept.append(char)
        elif char in _DIRECTION_CONTROLS:
            raise Invalid("error.invisible_characters", {"field": field_name})
        elif char in _SPACES:
            kept.append(" ")
        elif char in _JOINERS:
            if _joins(value, at):
                kept.append(char)
        elif "\U000e0020" <= char <= _CANCEL_TAG and _in_flag_sequence(value, at):
            kept.append(char)
        elif char not in _DROPPED:
            raise Invalid("error.invisible_characters", {"field": field_name})
    return "".join(kept)


def fold_name(text: str | None) -> str:
    """A name as the duplicate checks and look-ups compare it: compatibility forms unified (NFKC: "ﬁ"
    is "fi", a full-width "Ｏ" is "O"), case ignored, every format character dropped (a zero width
    space counts as a space), runs of whitespace as one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isprintable():
        text = "".join(
            " " if char in _SPACES else "" if unicodedata.category(char) == "Cf" else char for char in text
        )
    return " ".join(unicodedata.normalize("NFKC", text).split())


def clean_text(value: str | None, *, field_name: str, max_length: int, required: bool = True) -> str | None:
    """Return the text to store, or raise Invalid. Nothing is silently cut or altered but
    surrounding whitespace and, in a one-line field (at most LINE_MAX characters), the invisible
    characters described above; control characters are refused rather than dropped."""
    if value is None or not value.strip():
        if required:
            raise Invalid("error.required", {"field": field_name})
        return None
    if _CONTROL.search(value):
        raise Invalid("error.control_characters", {"field": field_name})
    if max_length <= LINE_MAX:
        value = clean_line(value, field_name)
    value = unicodedata.normalize("NFC", value.strip())
    if not value:  # nothing but invisible characters
        if required:
            raise Invalid("error.required", {"field": field_name})
        return None
    if len(value) > max_length:
        raise Invalid("error.too_long", {"field": field_name, "max": max_length, "length": len(value)})
    return value


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.match(username or ""):
        raise Invalid("error.username_format", {})
    return username
