"""Passwords: the policy a new one must meet, Unicode normalisation, and bcrypt over a SHA-256 digest."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import unicodedata
from pathlib import Path

import bcrypt

from osloreg.rules.validation import PASSWORD_MAX, PASSWORD_MIN, Invalid

# bcrypt reads only the first 72 bytes; a 128-character Unicode password can be 512 bytes.
# Pre-hashing to a fixed 44-byte base64 digest keeps all of it significant (as passlib's
# bcrypt_sha256 does) and avoids bcrypt's NUL-byte truncation.
BCRYPT_ROUNDS = 12
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
# Words of this service: a password built on them is the first an attacker tries here.
SERVICE_WORDS = ("osloregionen", "osloreg")
# No composition merges more than a few characters into one ("ᾇ" is four): a password this long is
# too long whatever NFKC makes of it, and the form can take a paste of any length.
_RAW_MAX = 8 * PASSWORD_MAX
_CONTEXT_MIN = 3  # a username or name this short is part of too many words to refuse them all
# Keyboard rows, Norwegian and US: a run along one ("qwertyuiopå", "asdf") is a sequence.
_KEYBOARD_ROWS = ("1234567890+", "qwertyuiopå", "asdfghjkløæ", "zxcvbnm,.-", "qwertyuiop[]", "asdfghjkl;'")
_NEIGHBOURS = frozenset(
    pair for row in _KEYBOARD_ROWS for a, b in zip(row, row[1:], strict=False) for pair in ((a, b), (b, a))
)
# At most this many steps of a password may be unpredictable (not a repeat, not the next or previous
# letter or digit, not a keyboard neighbour) before it counts as a sequence: "abcdef123456" has one.
_PREDICTABLE_BREAKS = 2
_AFFIXES = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # digits, signs and spaces before and after a word
_SEPARATORS = re.compile(r"[\W_]+")
_LEET = (str.maketrans("0134@$57!|", "oieaasstii"), str.maketrans("0134@$57!|", "oleaasstll"))


# --- Normalisation and hashing ----------------------------------------------------------------------


def normalise(password: str) -> str:
    """The form a password is hashed and checked in (NFKC, as NIST SP 800-63B advises): "é" typed as
    one character or as "e" and an accent, or a ligature "ﬁ", is the same password either way."""
    return unicodedata.normalize("NFKC", password)


def _digest(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str, *, rounds: int | None = None) -> str:
    # BCRYPT_ROUNDS is read at each call (not bound as a default) so the tests can lower it.
    cost = BCRYPT_ROUNDS if rounds is None else rounds
    return bcrypt.hashpw(_digest(normalise(password)), bcrypt.gensalt(cost)).decode("ascii")


def _checks(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(_digest(password), password_hash.encode("ascii"))
    except (ValueError, TypeError):
        return False


def verify_password(password: str, password_hash: str) -> bool:
    """The normalised form first; then, for a hash made before passwords were normalised, the
    password exactly as typed (which differs only when it holds characters NFKC changes)."""
    normalised = normalise(password)
    if _checks(normalised, password_hash):
        return True
    return normalised != password and _checks(password, password_hash)


# --- The policy ---------------------------------------------------------------------------------------


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (see the head of the file): lower case, one a line."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def _squeezed(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _has_context(folded: str, username: str | None, display_name: str | None) -> bool:
    words = [*SERVICE_WORDS, username or "", _squeezed(normalise(display_name or "").casefold())]
    squeezed = _squeezed(folded)
    return any(len(word) >= _CONTEXT_MIN and (word in folded or word in squeezed) for word in words)


def _is_common(folded: str) -> bool:
    """On the list, or a listed word (spelt with 0 for o, 4 for a, $ for s...) with digits, signs or
    spaces before or after it, or one word over and over ("passordpassord", "sommer sommer")."""
    common = common_passwords()
    base = _AFFIXES.sub("", folded)
    candidates = {folded, base, _squeezed(base)}
    candidates |= {text.translate(table) for text in tuple(candidates) for table in _LEET}
    if any(text in common for text in candidates):
        return True
    words = re.findall(r"[^\W\d_]+", folded)
    return len(words) > 1 and len(set(words)) == 1


def _step_is_predictable(a: str, b: str) -> bool:
    return a == b or (a.isalnum() and b.isalnum() and abs(ord(a) - ord(b)) == 1) or (a, b) in _NEIGHBOURS


def _is_predictable(folded: str) -> bool:
    """Repeats, runs of letters or digits and walks along a keyboard row, with at most two breaks
    ("aaaaaaaaaaaa", "abcdef123456", "qwertyuiopå!"), or a short piece over and over ("abcabcabcabc")."""
    breaks = sum(not _step_is_predictable(a, b) for a, b in zip(folded, folded[1:], strict=False))
    return breaks <= _PREDICTABLE_BREAKS or re.fullmatch(r"(.+?)\1+", folded, re.DOTALL) is not None


def check_password(password: str, *, username: str | None = None, display_name: str | None = None) -> str:
    """Return the password as it will be hashed (NFKC), or raise Invalid saying what to do. The policy
    (NIST SP 800-63B): 12 to 128 characters counted after normalisation, any character (spaces at
    either end too) but NUL; not only spaces or invisible characters; not the username, the user's
    name or the service's name, nor containing them; not a common or breached password, nor such a
    word with digits and signs around it; not a repeat, a run or a keyboard row."""
    if not isinstance(password, str):
        raise Invalid("error.password_too_short", {"min": PASSWORD_MIN})
    if "\x00" in password:
        raise Invalid("error.control_characters", {"field": "password"})
    if len(password) > _RAW_MAX:  # too long whatever it normalises to: not worth normalising
        raise Invalid("error.password_too_long", {"max": PASSWORD_MAX})
    normalised = normalise(password)
    if len(normalised) < PASSWORD_MIN:
        raise Invalid("error.password_too_short", {"min": PASSWORD_MIN})
    if len(normalised) > PASSWORD_MAX:
        raise Invalid("error.password_too_long", {"max": PASSWORD_MAX})
    if all(_invisible(char) for char in normalised):
        raise Invalid("error.password_blank")
    folded = normalised.casefold()
    if _has_context(folded, username.casefold() if username else None, display_name):
        raise Invalid("error.password_has_name")
    if _is_common(folded):
        raise Invalid("error.password_common")
    if _is_predictable(folded):
        raise Invalid("error.password_predictable")
    return normalised
