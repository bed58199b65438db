"""Settings from the environment and .streamlit/secrets.toml; refuses weak secrets in production."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from osloreg.key_strength import MIN_KEY_BITS, estimate_bits, installation_secret
from osloreg.sso_settings import SsoConfigError, SsoSettings, load_sso

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


# How mail reaches the relay: STARTTLS on the submission port, TLS from the first byte, or in clear.
SMTP_SECURITY = {"starttls": 587, "tls": 465, "none": 25}
SMTP_TIMEOUT = 30.0  # seconds each step with the relay may take, unless OSLOREG_SMTP_TIMEOUT says
# A sender address for the From header: no spaces, no line breaks (a header of its own), one @.
# The accessibility contact is shown as a mailto link: plain letters, digits and . _ % + - only.
_CONTACT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SENDER = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")  # matched whole: fullmatch


@dataclass(frozen=True)
class SmtpSettings:
    """The mail relay for digests and invitations (issue 18): where, how safely, from whom, and the
    login if it asks for one. The password is kept out of every repr and log line."""

    host: str
    port: int
    security: str  # a key of SMTP_SECURITY
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    allow_insecure: bool = False  # production sends in clear only if told (a relay on this host)
    timeout: float = SMTP_TIMEOUT  # seconds each step (connect, greeting, a command's answer) may take

    def describe(self) -> str:
        """For check-config: host, port, security, sender, whether it logs in; never the password."""
        login = "with login" if self.username else "without login"
        return f"{self.host}:{self.port} ({self.security.upper()}), from {self.sender}, {login}"


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
    smtp: SmtpSettings | None = None  # None: no mail relay, so no mail is sent
    # Where the small HTTP app (osloreg.web: feeds, the pages behind mail links) is reached.
    web_url: str = "http://localhost:8502"
    # Where users report accessibility problems; the accessibility statement names it (the law asks
    # every public body's statement for a way to give feedback).
    accessibility_contact: str | None = None
    # Single sign-on (issue 20): the providers, their rules, and whether the password form is on.
    sso: SsoSettings = field(default_factory=SsoSettings)

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


def _flag(get, name: str) -> bool:
    value = (get(name, "false") or "false").strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise ConfigError(f"OSLOREG_{name.upper()} must be true or false, not {value!r}.")
    return value in ("true", "1", "yes")


def _smtp(get, *, production: bool) -> SmtpSettings | None:
    """OSLOREG_SMTP_HOST, _PORT, _SECURITY (starttls, tls or none), _SENDER, _USERNAME, _PASSWORD,
    _ALLOW_INSECURE and _TIMEOUT (seconds), from the environment or secrets.toml. No host: no mail.
    Production refuses to send in clear unless OSLOREG_SMTP_ALLOW_INSECURE says so."""
    host = (get("smtp_host") or "").strip()
    others = ("smtp_port", "smtp_security", "smtp_sender", "smtp_username", "smtp_password", "smtp_timeout")
    if not host:
        given = [f"OSLOREG_{name.upper()}" for name in others if get(name)]
        if given:
            raise ConfigError(
                f"{', '.join(given)} set, but OSLOREG_SMTP_HOST is missing: set the mail relay's host."
            )
        return None
    security = (get("smtp_security", "starttls") or "starttls").strip().lower()
    if security not in SMTP_SECURITY:
        raise ConfigError(
            f"OSLOREG_SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}, not {security!r}."
        )
    try:
        port = int(get("smtp_port", str(SMTP_SECURITY[security])) or "")
    except ValueError as exc:
        raise ConfigError("OSLOREG_SMTP_PORT must be a whole number.") from exc
    if not 1 <= port <= 65535:
        raise ConfigError("OSLOREG_SMTP_PORT must be between 1 and 65535.")
    sender = (get("smtp_sender") or "").strip()
    if not _SENDER.fullmatch(sender):
        raise ConfigError("OSLOREG_SMTP_SENDER must be one e-mail address (name@example.org) to send from.")
    username, password = get("smtp_username") or None, get("smtp_password") or None
    if (username is None) != (password is None):
        raise ConfigError("OSLOREG_SMTP_USERNAME and OSLOREG_SMTP_PASSWORD go together: set both or neither.")
    allow_insecure = _flag(get, "smtp_allow_insecure")
    if production and security == "none" and not allow_insecure:
        raise ConfigError(
            "production sends no mail in clear: set OSLOREG_SMTP_SECURITY=starttls or tls, or, for a relay "
            "on this host, OSLOREG_SMTP_ALLOW_INSECURE=true."
        )
    if security == "none" and password is not None and not allow_insecure:
        raise ConfigError(
            "a mail password is never sent in clear: set OSLOREG_SMTP_SECURITY=starttls or tls."
        )
    try:
        timeout = float(get("smtp_timeout", str(SMTP_TIMEOUT)) or "")
    except ValueError as exc:
        raise ConfigError("OSLOREG_SMTP_TIMEOUT must be a number of seconds.") from exc
    if not 1 <= timeout <= 300:
        raise ConfigError("OSLOREG_SMTP_TIMEOUT must be between 1 and 300 seconds.")
    return SmtpSettings(host, port, security, sender, username, password, allow_insecure, timeout)


DEFAULT_SECRETS = ".streamlit/secrets.toml"


def load_settings(environ: dict[str, str] | None = None, secrets_path: Path | str | None = None) -> Settings:
    """Read settings: environment first, then secrets.toml, then defaults; validate them. The file is
    .streamlit/secrets.toml, or OSLOREG_SECRETS_FILE (then start Streamlit with the same file in
    --secrets.files, as its login reads [auth] from there)."""
    env = os.environ if environ is None else environ
    if secrets_path is None:
        secrets_path = env.get("OSLOREG_SECRETS_FILE") or DEFAULT_SECRETS
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
        cookie_key = installation_secret(var_dir, "cookie_key")
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
        smtp=_smtp(get, production=environment == "production"),
        web_url=(get("web_url", "http://localhost:8502") or "").rstrip("/"),
        accessibility_contact=_accessibility_contact(get),
        sso=_sso(file_values, env, get, production=environment == "production", var_dir=var_dir),
    )


def _sso(file_values: dict, env, get, *, production: bool, var_dir: Path) -> SsoSettings:
    try:
        return load_sso(file_values, env, get, production=production, var_dir=var_dir)
    except SsoConfigError as exc:
        raise ConfigError(str(exc)) from exc


def _accessibility_contact(get) -> str | None:
    """OSLOREG_ACCESSIBILITY_CONTACT: one e-mail address, or unset."""
    address = (get("accessibility_contact") or "").strip()
    if not address:
        return None
    if not _CONTACT.fullmatch(address):
        raise ConfigError(
            "OSLOREG_ACCESSIBILITY_CONTACT must be one e-mail address (name@example.org), where users "
            "report accessibility problems."
        )
    return address
