"""How many bits of entropy a secret key holds, estimated from the patterns people type in keys."""

from __future__ import annotations

import math
import secrets
import string
from collections import Counter
from functools import cache
from pathlib import Path

# The rule, stated once (config.check_cookie_key, check-config and the README say it): at least
# MIN_KEY_BITS by this estimate, as zxcvbn estimates: the cheapest reading of the key as random
# characters and patterns. A random character costs log2 of the key's alphabet (16 for hex, 64 for
# base64, up to 95 for printable ASCII), but never more than the Shannon entropy per character of
# the key's own character counts. A pattern costs a few bits for the whole run: a repeat of earlier
# text (in either case), a run up or down the alphabet or the digits (abcd, 9753), a walk over
# neighbouring keys of a keyboard (qwerty, 1qaz), or text in words (five or more letters, a third
# or more of them vowels: two bits a letter, about what a letter of natural language carries).
# Output of a random generator (secrets.token_urlsafe(32), `openssl rand -base64 32`) scores about
# 220 bits (in 20,000 keys none under 145); a key a person made up scores far less, however long.
MIN_KEY_BITS = 128
# Longer keys are judged by their start: the rest can only add bits, and the estimate is quadratic.
MAX_JUDGED_CHARS = 256

_SEQUENCE_STEP_MAX = 5  # abcd (1), aceg (2) ... a step of more than 5 reads as random
_SEQUENCE_STEPS_BITS = math.log2(2 * _SEQUENCE_STEP_MAX)  # which step, up or down
_WALK_TURN_BITS = 3.0  # a step to one of about eight neighbouring keys
_WALK_STRAIGHT_BITS = 1.0  # one more step in the same direction
_WORD_LETTER_BITS = 2.0
_WORD_MIN = 5
_VOWELS = frozenset("aeiouyæøåAEIOUYÆØÅ")
_BASE64 = frozenset(string.ascii_letters + string.digits + "+/-_=")
_HEX = (frozenset("0123456789abcdef"), frozenset("0123456789ABCDEF"))

# A US keyboard's rows of ASCII keys, unshifted and shifted, with the left edge of each row's first
# key in key widths (Tab, Caps Lock and Shift come before them): the position of every key, for
# telling neighbours apart (q sits under 1 and 2, a under q and w, z under a and s).
_ROWS = (
    ("`1234567890-=", "~!@#$%^&*()_+", 0.0),
    ("qwertyuiop[]\\", "QWERTYUIOP{}|", 1.5),
    ("asdfghjkl;'", 'ASDFGHJKL:"', 1.75),
    ("zxcvbnm,./", "ZXCVBNM<>?", 2.25),
)
_KEY_POSITION = {
    char: (row, column + offset)
    for row, (plain, shifted, offset) in enumerate(_ROWS)
    for keys in (plain, shifted)
    for column, char in enumerate(keys)
}


def _alphabet_bits(key: str) -> float:
    chars = set(key)
    if any(chars <= hex_digits for hex_digits in _HEX):
        size = 10 if chars <= set(string.digits) else 16
    elif chars <= _BASE64:
        size = 64
    else:
        size = sum(
            len(group)
            for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits, string.punctuation)
            if chars & set(group)
        ) + sum(1 for char in chars if char not in string.printable)
    return math.log2(max(size, 2))


def _shannon_bits(key: str) -> float:
    """Entropy per character of the key's own character counts, with the Miller-Madow correction
    (a short sample of a large alphabet shows fewer characters than the alphabet holds)."""
    counts, n = Counter(key), len(key)
    plain = -sum(count / n * math.log2(count / n) for count in counts.values())
    return plain + (len(counts) - 1) / (2 * n * math.log(2))


def _step(a: str, b: str) -> tuple[int, int] | None:
    """The direction from key a to key b if they are neighbours on the keyboard, else None."""
    if a not in _KEY_POSITION or b not in _KEY_POSITION:
        return None
    (row_a, x_a), (row_b, x_b) = _KEY_POSITION[a], _KEY_POSITION[b]
    rows, across = row_b - row_a, x_b - x_a
    if (rows == 0 and abs(across) == 1) or (abs(rows) == 1 and abs(across) <= 0.75):
        return rows, (across > 0) - (across < 0)
    return None


def estimate_bits(key: str) -> float:
    """The key's estimated entropy in bits: the cheapest reading of it as random characters and
    patterns (see MIN_KEY_BITS for the costs)."""
    key = key[:MAX_JUDGED_CHARS]
    n = len(key)
    if n == 0:
        return 0.0
    per_char = min(_alphabet_bits(key), _shannon_bits(key))
    length_bits = math.log2(n + 1)
    lowered = key.lower()
    same: dict[str, list[int]] = {}
    same_folded: dict[str, list[int]] = {}
    for index, (char, folded_char) in enumerate(zip(key, lowered, strict=True)):
        same.setdefault(char, []).append(index)
        same_folded.setdefault(folded_char, []).append(index)
    # Running counts, so that whether key[i:j] reads as a word takes constant time.
    vowels, lower, upper = [0], [0], [0]
    for char in key:
        vowels.append(vowels[-1] + (char in _VOWELS))
        lower.append(lower[-1] + char.islower())
        upper.append(upper[-1] + char.isupper())

    def is_word(i: int, j: int) -> bool:
        """Letters key[i:j] shaped like a word (lower case, capitalised or all capitals) with a
        third or more vowels (the caller has checked that they are letters)."""
        rest_lower = lower[j] - lower[i + 1] == j - i - 1
        shaped = (rest_lower and (key[i].islower() or key[i].isupper())) or upper[j] - upper[i] == j - i
        return shaped and 3 * (vowels[j] - vowels[i]) >= j - i

    @cache
    def cheapest(i: int) -> float:
        """Bits to write key[i:] given key[:i]."""
        if i == n:
            return 0.0
        best = per_char + cheapest(i + 1)
        # A repeat of earlier text (LZ77: which start, how long; it may overlap itself, as "aaaa"),
        # as it was or in the other case (one bit more).
        for folded, extra, starts in ((key, 0.0, same), (lowered, 1.0, same_folded)):
            longest = 0
            for start in starts[folded[i]]:  # the earlier places of this character
                if start >= i:
                    break
                length = 0
                while i + length < n and folded[start + length] == folded[i + length]:
                    length += 1
                longest = max(longest, length)
                if longest == n - i:  # nothing can be longer ("aaaa...")
                    break
            for length in range(2, longest + 1):
                best = min(best, math.log2(i) + length_bits + extra + cheapest(i + length))
        # A run with one step through the code points: abc, 13579, zyx.
        j = i + 1
        if j < n and 0 < abs(ord(key[j]) - ord(key[i])) <= _SEQUENCE_STEP_MAX:
            delta = ord(key[j]) - ord(key[i])
            while j + 1 < n and ord(key[j + 1]) - ord(key[j]) == delta:
                j += 1
            for end in range(i + 3, j + 2):
                best = min(best, per_char + _SEQUENCE_STEPS_BITS + length_bits + cheapest(end))
        # A walk over neighbouring keys: a turn costs more than going on in the same direction.
        cost, direction, j = per_char, None, i
        while j + 1 < n and (step := _step(key[j], key[j + 1])) is not None:
            cost += _WALK_STRAIGHT_BITS if step == direction else _WALK_TURN_BITS
            direction, j = step, j + 1
            if j - i >= 2:
                best = min(best, cost + cheapest(j + 1))
        # Words.
        letters = i
        while letters < n and key[letters].isalpha():
            letters += 1
        for end in range(i + _WORD_MIN, letters + 1):
            if is_word(i, end):
                best = min(best, _WORD_LETTER_BITS * (end - i) + cheapest(end))
        return best

    # Deep recursion on a long key is avoided by filling the table from the end.
    for i in range(n, -1, -1):
        cheapest(i)
    return cheapest(0)


def installation_secret(var_dir: Path, name: str) -> str:
    """A random secret made once per installation and kept in var_dir/name (a demo's cookie key and
    identity-number salt), so a demo never runs on a published default."""
    path = var_dir / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="utf-8")
    path.chmod(0o600)
    return secret
