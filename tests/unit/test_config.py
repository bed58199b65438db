"""Settings: production refuses weak or missing keys (judged by their estimated entropy, not by how
many different characters they have); demo mode makes its own random key."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import tomllib
from pathlib import Path

import pytest

from osloreg.config import ConfigError, check_cookie_key, load_settings
from osloreg.key_strength import MIN_KEY_BITS, estimate_bits

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "00DNM7uPpFpCCCUqPCkTQSNLXw9686MyFjhH9P5yqSs"  # secrets.token_urlsafe(32)
# Keys of 32 bytes or more that a person might make up: each has patterns that carry few bits.
PATTERNED_KEYS = {
    "the alphabet, again and again": "abcdefghij" * 4,
    "the digits, again and again": "0123456789" * 4,
    "keyboard rows": "qwertyuiopasdfghjklzxcvbnm1234567890",
    "keyboard columns": "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "keyboard columns, then in capitals": "qazwsxedcrfvtgbyhnujmikolpQAZWSXEDCRFVTGBYHNUJMIKOLP",
    "a short unit repeated": "Xy7!" * 10,
    "another short unit repeated": "k3Y9-" * 8,
    "a sentence": "thisisthecookiekeyofosloregionen",
    "a passphrase": "correct-horse-battery-staple-oslo-region",
    "Norwegian words and a year": "Osloregionen-sin-hemmelige-nokkel-2026",
    "capitalised words": "OsloRegionenDashboardCookieSigningKey2026",
    "dates": "2026-12-03-2026-12-04-2026-12-05-2026",
    "one character": "a" * 48,
    "two characters": "abbabaabbaababbabaababbaabbabaabbaababbabaababbaab",  # Thue-Morse: no repeats
}


def _settings(tmp_path, **env):
    environ = {f"OSLOREG_{k.upper()}": v for k, v in env.items()}
    environ.setdefault("OSLOREG_VAR_DIR", str(tmp_path))
    return load_settings(environ, secrets_path=tmp_path / "none.toml")


@pytest.mark.parametrize(
    "key, why",
    [
        (None, "missing"),
        ("short-key-123", "shorter than 32"),
        ("some_signature_key", "published default"),
        ("a" * 40, "too predictable"),
    ],
)
def test_production_refuses_a_weak_cookie_key(tmp_path, key, why):
    env = {"env": "production"} | ({"cookie_key": key} if key else {})
    with pytest.raises(ConfigError, match=why):
        _settings(tmp_path, **env)


@pytest.mark.parametrize("key", PATTERNED_KEYS.values(), ids=PATTERNED_KEYS.keys())
def test_a_long_key_with_patterns_is_refused_by_its_entropy_and_the_message_says_the_rule(key):
    assert len(key.encode()) >= 32
    with pytest.raises(ConfigError) as refused:
        check_cookie_key(key)
    message = str(refused.value)
    assert "too predictable" in message and f"at least {MIN_KEY_BITS}" in message
    assert "secrets.token_urlsafe(32)" in message and "openssl rand -base64 32" in message
    assert key not in message  # the key itself never goes to a log


GENERATORS = {
    "secrets.token_urlsafe(32)": lambda: secrets.token_urlsafe(32),
    # What `openssl rand -base64 32` prints: 32 random bytes in standard base64, padded with "=".
    "openssl rand -base64 32": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    "secrets.token_hex(32)": lambda: secrets.token_hex(32),
    "secrets.token_urlsafe(64)": lambda: secrets.token_urlsafe(64),
}


@pytest.mark.parametrize("make", GENERATORS.values(), ids=GENERATORS.keys())
def test_keys_from_a_random_generator_pass_with_room_to_spare(make):
    keys = [make() for _ in range(200)]
    for key in keys:
        check_cookie_key(key)
    # Room to spare: the weakest of them is still well above the line, so a real key is not refused
    # by bad luck (20,000 token_urlsafe(32) keys scored 149 bits or more; their mean is about 220).
    assert min(estimate_bits(key) for key in keys) >= MIN_KEY_BITS + 15


def test_production_accepts_a_strong_key(tmp_path):
    settings = _settings(tmp_path, env="production", cookie_key=GOOD_KEY)
    assert settings.is_production and settings.cookie_key == GOOD_KEY


def test_demo_mode_makes_a_random_key_once_and_keeps_it(tmp_path):
    first = _settings(tmp_path).cookie_key
    second = _settings(tmp_path).cookie_key
    other = _settings(tmp_path / "elsewhere").cookie_key
    assert len(first) >= 32 and first == second and first != other


def test_the_secrets_file_is_read_and_the_environment_wins(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'cookie_key = "{GOOD_KEY}"\nlogin_hours = 12\n', encoding="utf-8")
    settings = load_settings({"OSLOREG_VAR_DIR": str(tmp_path), "OSLOREG_LOGIN_HOURS": "3"}, secrets)
    assert settings.cookie_key == GOOD_KEY and settings.login_hours == 3


def test_a_login_lasts_a_working_day_unless_set(tmp_path):
    settings = _settings(tmp_path)
    assert settings.login_hours == 8 and settings.login_lifetime == dt.timedelta(hours=8)
    assert _settings(tmp_path, login_hours="24").login_lifetime == dt.timedelta(days=1)


@pytest.mark.parametrize("hours", ["0", "25", "720", "1.5", "x"])
def test_the_login_lifetime_is_1_to_24_whole_hours(tmp_path, hours):
    with pytest.raises(ConfigError, match="OSLOREG_LOGIN_HOURS"):
        _settings(tmp_path, login_hours=hours)


def test_the_old_cookie_days_setting_is_refused_naming_the_new_one(tmp_path):
    with pytest.raises(ConfigError, match="OSLOREG_LOGIN_HOURS"):
        _settings(tmp_path, cookie_days="1")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'cookie_key = "{GOOD_KEY}"\ncookie_days = 7\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="OSLOREG_LOGIN_HOURS"):
        load_settings({"OSLOREG_VAR_DIR": str(tmp_path)}, secrets)


def test_an_unknown_mode_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        _settings(tmp_path, env="staging")


def test_server_settings_protect_the_users():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 20  # the largest document
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"


def test_no_real_secrets_file_is_tracked():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored


# --- The mail relay (OSLOREG_SMTP_*) --------------------------------------------------------------------

RELAY = {"smtp_host": "smtp.example.org", "smtp_sender": "noreply@osloregionen.example"}


def test_no_relay_means_no_mail_and_a_relay_setting_without_a_host_is_refused(tmp_path):
    assert _settings(tmp_path).smtp is None
    with pytest.raises(ConfigError, match="OSLOREG_SMTP_SENDER set, but OSLOREG_SMTP_HOST is missing"):
        _settings(tmp_path, smtp_sender="noreply@osloregionen.example")


@pytest.mark.parametrize("security, port", [("starttls", 587), ("tls", 465), ("none", 25)])
def test_the_port_follows_the_security_unless_set(tmp_path, security, port):
    smtp = _settings(tmp_path, **RELAY, smtp_security=security).smtp
    assert (smtp.host, smtp.port, smtp.security, smtp.sender) == (
        "smtp.example.org",
        port,
        security,
        "noreply@osloregionen.example",
    )
    assert _settings(tmp_path, **RELAY, smtp_security=security, smtp_port="2525").smtp.port == 2525


def test_the_relay_timeout_is_thirty_seconds_unless_set(tmp_path):
    assert _settings(tmp_path, **RELAY).smtp.timeout == 30.0
    assert _settings(tmp_path, **RELAY, smtp_timeout="2.5").smtp.timeout == 2.5


@pytest.mark.parametrize(
    "change, words",
    [
        ({"smtp_security": "ssl3"}, "OSLOREG_SMTP_SECURITY must be one of starttls, tls, none"),
        ({"smtp_port": "587a"}, "OSLOREG_SMTP_PORT must be a whole number"),
        ({"smtp_port": "70000"}, "between 1 and 65535"),
        ({"smtp_sender": ""}, "OSLOREG_SMTP_SENDER must be one e-mail address"),
        ({"smtp_sender": "Osloregionen <noreply@example.org>"}, "OSLOREG_SMTP_SENDER must be one"),
        ({"smtp_sender": "noreply@example.org\nBcc: all@example.org"}, "OSLOREG_SMTP_SENDER must be one"),
        ({"smtp_username": "digest"}, "go together: set both or neither"),
        ({"smtp_allow_insecure": "maybe"}, "OSLOREG_SMTP_ALLOW_INSECURE must be true or false"),
        ({"smtp_timeout": "soon"}, "OSLOREG_SMTP_TIMEOUT must be a number of seconds"),
        ({"smtp_timeout": "0"}, "between 1 and 300 seconds"),
        ({"smtp_timeout": "3600"}, "between 1 and 300 seconds"),
    ],
)
def test_a_relay_setting_that_cannot_work_is_refused_in_words(tmp_path, change, words):
    with pytest.raises(ConfigError, match=words):
        _settings(tmp_path, **{**RELAY, **change})


def test_production_sends_no_mail_in_clear_unless_told_and_never_a_password(tmp_path):
    production = {"env": "production", "cookie_key": GOOD_KEY, **RELAY}
    with pytest.raises(ConfigError, match="production sends no mail in clear"):
        _settings(tmp_path, **production, smtp_security="none")
    told = _settings(tmp_path, **production, smtp_security="none", smtp_allow_insecure="true").smtp
    assert (told.security, told.allow_insecure) == ("none", True)
    assert _settings(tmp_path, **RELAY, smtp_security="none").smtp.security == "none"  # a demo may
    with pytest.raises(ConfigError, match="never sent in clear"):
        _settings(tmp_path, **RELAY, smtp_security="none", smtp_username="u", smtp_password="p")


def test_the_relay_password_comes_from_the_secrets_file_and_never_shows(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        'smtp_host = "smtp.example.org"\nsmtp_sender = "noreply@example.org"\n'
        'smtp_username = "digest"\nsmtp_password = "s3cret-relay-passord"\n',
        encoding="utf-8",
    )
    settings = load_settings({"OSLOREG_VAR_DIR": str(tmp_path), "OSLOREG_SMTP_PORT": "2587"}, secrets)
    smtp = settings.smtp
    assert (smtp.username, smtp.password, smtp.port) == ("digest", "s3cret-relay-passord", 2587)
    assert "s3cret" not in repr(settings) and "s3cret" not in smtp.describe()
    assert smtp.describe() == "smtp.example.org:2587 (STARTTLS), from noreply@example.org, with login"
