"""Record ids from outside (a link's ?project=12, ?entity_id=12): the one rule for what counts as one."""

from __future__ import annotations

# Ids are positive and fit every id column on both databases (PostgreSQL's INTEGER is 32-bit): a
# larger number cannot name a record, and SQLite would overflow on it.
ID_MAX = 2**31 - 1


def parse_id(value: str | None) -> int | None:
    """The id `value` spells in ASCII digits (1 to ID_MAX), else None. str.isdigit() alone is not
    enough: it is true for "²" (which int() refuses) and int() reads "١" (Arabic-Indic) as 1."""
    if not value or not (value.isascii() and value.isdecimal()) or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None
