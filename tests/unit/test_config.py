"""Settings: production refuses weak or missing keys; demo mode makes its own random key."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from osloreg.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "Vq3J-8zN1rT5wXk2Lp9Yb7Hc4Md6Fs0Gt3Ue"


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
        ("a" * 40, "too few"),
    ],
)
def test_production_refuses_a_weak_cookie_key(tmp_path, key, why):
    env = {"env": "production"} | ({"cookie_key": key} if key else {})
    with pytest.raises(ConfigError, match=why):
        _settings(tmp_path, **env)


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
    assert config["server"]["maxUploadSize"] == 5
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"


def test_no_real_secrets_file_is_tracked():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
