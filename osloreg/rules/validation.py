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
PASSWORD_MIN = 12
PASSWORD_MAX = 128


@dataclass
class Invalid(Exception):
    """A value a user gave cannot be stored; `key` names the message, `params` fill it in."""

    key: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key


def clean_text(value: str | None, *, field_name: str, max_length: int, required: bool = True) -> str | None:
    """Return the text to store, or raise Invalid. Nothing is silently cut or altered but
    surrounding whitespace; control characters are refused rather than dropped."""
    if value is None or not value.strip():
        if required:
            raise Invalid("error.required", {"field": field_name})
        return None
    if _CONTROL.search(value):
        raise Invalid("error.control_characters", {"field": field_name})
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > max_length:
        raise Invalid("error.too_long", {"field": field_name, "max": max_length, "length": len(value)})
    return value


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.match(username or ""):
        raise Invalid("error.username_format", {})
    return username


def check_password(password: str) -> str:
    """Password policy: 12 to 128 characters, any Unicode, nothing trimmed or normalised."""
    if password is None or len(password) < PASSWORD_MIN:
        raise Invalid("error.password_too_short", {"min": PASSWORD_MIN})
    if len(password) > PASSWORD_MAX:
        raise Invalid("error.password_too_long", {"max": PASSWORD_MAX})
    if "\x00" in password:
        raise Invalid("error.control_characters", {"field": "password"})
    return password
