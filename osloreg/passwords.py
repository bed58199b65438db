"""Password hashing: bcrypt over a SHA-256 digest, so every password up to 128 characters counts."""

from __future__ import annotations

import base64
import hashlib

import bcrypt

# bcrypt reads only the first 72 bytes; a 128-character Unicode password can be 512 bytes.
# Pre-hashing to a fixed 44-byte base64 digest keeps all of it significant (as passlib's
# bcrypt_sha256 does) and avoids bcrypt's NUL-byte truncation.
BCRYPT_ROUNDS = 12


def _digest(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str, *, rounds: int = BCRYPT_ROUNDS) -> str:
    return bcrypt.hashpw(_digest(password), bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(_digest(password), password_hash.encode("ascii"))
    except (ValueError, TypeError):
        return False
