"""Settings from the environment and .streamlit/secrets.toml; refuses weak secrets in production."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from osloreg.key_strength import MIN_KEY_BITS, estimate_bits

DEFAULT_DATABASE_URL = "sqlite:///var/osloreg.sqlite3"
ENVIRONMENTS = ("demo", "production")
MIN_COOKIE_KEY_BYTES = 32
_MAKE_KEY = (
    "make one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'` "
    "or `openssl rand -base64 32`."
)
# A login lasts a working day by default and never more than a day: a stolen cookie is worth little
# for long, and the open tab ends with it.
DEFAULT_LOGIN_HOURS = 8
MAX_LOGIN_HOURS = 24
# Keys that have been published (examples, docs, the library's own default): never accepted.
KNOWN_DEFAULT_KEYS = frozenset(
    {
        "some_signature_key",
        "random_signature_key",
        "abcdef",
        "change-me",
        "changeme",
        "secret",
        "REPLACE-WITH-AT-LEAST-32-RANDOM-BYTES-FROM-secrets.token_urlsafe",
    }
)


class ConfigError(ValueError):
    """A setting is missing or unsafe; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    environment: str
    cookie_key: str
    cookie_name: str
    login_hours: int
    base_url: str
    var_dir: Path
    max_document_mb: int = 20  # the largest document file accepted (osloreg.filetypes)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def login_lifetime(self) -> dt.timedelta:
        return dt.timedelta(hours=self.login_hours)


def _read_secrets(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc


def _demo_cookie_key(var_dir: Path) -> str:
    """A random key made once per installation, so a demo never runs on a published default."""
    key_file = var_dir / "cookie_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def check_cookie_key(key: str | None) -> None:
    """Raise ConfigError unless the key is at least 32 bytes, not a published default, and holds at
    least 128 bits by the estimate in osloreg.key_strength (repeats, abcd/1234 runs, keyboard walks
    and words count for little there): a generator's output passes, the patterns of a made-up key not."""
    if not key:
        raise ConfigError(f"OSLOREG_COOKIE_KEY is missing: {_MAKE_KEY}")
    if key in KNOWN_DEFAULT_KEYS:
        raise ConfigError(f"OSLOREG_COOKIE_KEY is a published default: {_MAKE_KEY}")
    if len(key.encode("utf-8")) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError(f"OSLOREG_COOKIE_KEY is shorter than {MIN_COOKIE_KEY_BYTES} bytes: {_MAKE_KEY}")
    bits = estimate_bits(key)
    if bits < MIN_KEY_BITS:
        raise ConfigError(
            f"OSLOREG_COOKIE_KEY is too predictable: about {bits:.0f} bits of entropy by the estimate, "
            f"at least {MIN_KEY_BITS} needed (repeats, runs such as abcd or 1234, keyboard walks and "
            f"words count for little). {_MAKE_KEY}"
        )


def _login_hours(get) -> int:
    """OSLOREG_LOGIN_HOURS, whole hours from 1 to 24. The old OSLOREG_COOKIE_DAYS (days, up to 30) is
    refused rather than ignored, so nobody believes a setting is in force that is not."""
    if get("cookie_days") is not None:
        raise ConfigError(
            "OSLOREG_COOKIE_DAYS (cookie_days) is no longer read: remove it and set "
            "OSLOREG_LOGIN_HOURS (login_hours), the login lifetime in hours: "
            f"1 to {MAX_LOGIN_HOURS}, default {DEFAULT_LOGIN_HOURS}."
        )
    value = get("login_hours", str(DEFAULT_LOGIN_HOURS)) or str(DEFAULT_LOGIN_HOURS)
    try:
        hours = int(value)
    except ValueError as exc:
        raise ConfigError("OSLOREG_LOGIN_HOURS must be a whole number of hours.") from exc
    if not 1 <= hours <= MAX_LOGIN_HOURS:
        raise ConfigError(f"OSLOREG_LOGIN_HOURS must be between 1 and {MAX_LOGIN_HOURS}.")
    return hours


# Streamlit refuses any upload over server.maxUploadSize, which production keeps at 20 (server_options).
MAX_DOCUMENT_MB = 20


def _max_document_mb(get) -> int:
    """OSLOREG_MAX_DOCUMENT_MB, whole megabytes from 1 to 20 (the files live in the database)."""
    value = get("max_document_mb", "20") or "20"
    try:
        megabytes = int(value)
    except ValueError as exc:
        raise ConfigError("OSLOREG_MAX_DOCUMENT_MB must be a whole number of megabytes.") from exc
    if not 1 <= megabytes <= MAX_DOCUMENT_MB:
        raise ConfigError(f"OSLOREG_MAX_DOCUMENT_MB must be between 1 and {MAX_DOCUMENT_MB}.")
    return megabytes


def load_settings(
    environ: dict[str, str] | None = None, secrets_path: Path | str = ".streamlit/secrets.toml"
) -> Settings:
    """Read settings: environment first, then secrets.toml, then defaults; validate them."""
    env = os.environ if environ is None else environ
    file_values = _read_secrets(Path(secrets_path))

    def get(name: str, default: str | None = None) -> str | None:
        value = env.get(f"OSLOREG_{name.upper()}")
        if value is None:
            value = file_values.get(name.lower())
        return default if value is None else str(value)

    environment = get("env", "demo") or "demo"
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"OSLOREG_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}.")
    var_dir = Path(get("var_dir", "var") or "var")
    database_url = get("database_url", DEFAULT_DATABASE_URL) or DEFAULT_DATABASE_URL
    login_hours = _login_hours(get)

    cookie_key = get("cookie_key")
    if environment == "production":
        check_cookie_key(cookie_key)
    elif not cookie_key:
        cookie_key = _demo_cookie_key(var_dir)
    else:
        check_cookie_key(cookie_key)

    return Settings(
        database_url=database_url,
        environment=environment,
        cookie_key=cookie_key,
        cookie_name=get("cookie_name", "osloreg_auth") or "osloreg_auth",
        login_hours=login_hours,
        base_url=(get("base_url", "http://localhost:8501") or "").rstrip("/"),
        var_dir=var_dir,
        max_document_mb=_max_document_mb(get),
    )
