"""Single sign-on rules: the national identity number's control digits, its salted hash (never the
number), the claim checks an identity must pass, groups to roles, and the SSO settings."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.config import ConfigError, load_settings
from osloreg.rules import sso as rules
from tests import sso_claims as sc

NOW = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("pid", [sc.PID, sc.OTHER_PID, "01819010192", " 0181901 0001 "])
def test_numbers_with_the_right_control_digits_pass(pid):
    assert rules.pid_problem(pid) is None


@pytest.mark.parametrize(
    ("pid", "key"),
    [
        (None, "sso.pid_missing"),
        ("  ", "sso.pid_missing"),
        ("0181901000", "sso.pid_not_11_digits"),
        ("018190100011", "sso.pid_not_11_digits"),
        ("0181901000a", "sso.pid_not_11_digits"),
        ("０１８１９０１０００１", "sso.pid_not_11_digits"),  # full-width digits are no number
        ("01819010002", "sso.pid_control"),  # second control digit wrong
        ("01819010011", "sso.pid_control"),  # first control digit wrong
        ("01819010101", "sso.pid_control"),
    ],
)
def test_wrong_numbers_are_refused_with_the_reason(pid, key):
    assert rules.pid_problem(pid) == key


def test_the_hash_is_salted_keyed_and_never_the_number():
    digest = rules.pid_hash(sc.PID, salt=sc.SALT)
    assert len(digest) == 64 and sc.PID not in digest
    assert digest == rules.pid_hash(" " + sc.PID, salt=sc.SALT)
    assert digest != rules.pid_hash(sc.PID, salt=sc.SALT + "x")
    assert digest != rules.pid_hash(sc.OTHER_PID, salt=sc.SALT)
    with pytest.raises(ValueError):
        rules.pid_hash(sc.PID, salt="")


def _problem(claims, **kw):
    args = dict(
        kind=rules.ENTRA, client_id="osloreg-entra", issuer=sc.ENTRA_ISSUER, now=NOW, tenant_id=sc.TENANT
    )
    args.update(kw)
    return rules.claims_problem(claims, **args)


def test_fresh_claims_for_this_app_pass():
    assert _problem(sc.entra_claims("o", now=NOW)) is None
    assert _problem(sc.entra_claims("o", now=NOW, aud=["x", "osloreg-entra"])) is None
    assert _problem(sc.entra_claims("o", now=NOW, iss=sc.ENTRA_ISSUER + "/")) is None


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"aud": "another"}, "login.sso_invalid"),
        ({"aud": None}, "login.sso_invalid"),
        ({"iss": "https://evil.example"}, "login.sso_invalid"),
        ({"tid": "other"}, "login.sso_invalid"),
        ({"nonce": ""}, "login.sso_invalid"),
        ({"iat": "yesterday"}, "login.sso_invalid"),
        ({"exp": True}, "login.sso_invalid"),
        ({"iat": int((NOW - dt.timedelta(minutes=6)).timestamp())}, "login.sso_stale"),
        ({"exp": int((NOW - dt.timedelta(minutes=2)).timestamp())}, "login.sso_stale"),
        ({"iat": int((NOW + dt.timedelta(minutes=5)).timestamp())}, "login.sso_stale"),  # from the future
    ],
)
def test_foreign_or_stale_claims_are_refused(changes, key):
    assert _problem(sc.entra_claims("o", now=NOW, **changes)) == key


def test_idporten_level_of_assurance():
    args = dict(kind=rules.IDPORTEN, client_id="osloreg-idporten", issuer=sc.IDPORTEN_ISSUER, now=NOW)
    for acr, floor, expected in [
        ("idporten-loa-substantial", "idporten-loa-substantial", None),
        ("idporten-loa-high", "idporten-loa-substantial", None),
        ("idporten-loa-low", "idporten-loa-substantial", "login.sso_level"),
        ("idporten-loa-substantial", "idporten-loa-high", "login.sso_level"),
        ("Level4", "idporten-loa-substantial", "login.sso_level"),
    ]:
        assert (
            rules.claims_problem(sc.idporten_claims(sc.PID, now=NOW, acr=acr), min_acr=floor, **args)
            == expected
        )


def test_groups_map_to_roles_and_email_is_read_from_either_claim():
    mapping = {sc.COORDINATORS_GROUP: "coordinator", sc.DIRECTORS_GROUP: "director"}
    assert rules.roles_from_groups([sc.DIRECTORS_GROUP, "x", 3], mapping) == {"director"}
    assert rules.roles_from_groups("not a list", mapping) == frozenset()
    assert rules.email_of({"preferred_username": "Kari@Example.org"}) == "kari@example.org"
    assert rules.email_of({"preferred_username": "kari"}) is None


def _secrets(tmp_path, text: str):
    path = tmp_path / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return path


AUTH = """
[auth]
redirect_uri = "https://dashboard.example.no/oauth2callback"
cookie_secret = "x"
[auth.entra]
client_id = "c"
client_secret = "s"
server_metadata_url = "https://login.microsoftonline.com/T/v2.0/.well-known/openid-configuration"
[auth.idporten]
client_id = "i"
client_secret = "s"
server_metadata_url = "https://idporten.no/.well-known/openid-configuration"
[osloreg.sso.entra]
tenant_id = "T"
[osloreg.sso.entra.group_roles]
"g-1" = "coordinator"
"""


def test_providers_and_their_rules_come_from_secrets(tmp_path):
    env = {"OSLOREG_VAR_DIR": str(tmp_path), "OSLOREG_SSO_PID_SALT": sc.SALT, "OSLOREG_LOCAL_LOGIN": "false"}
    sso = load_settings(env, _secrets(tmp_path, AUTH)).sso
    entra, idporten = sso.provider("entra"), sso.provider("idporten")
    assert (entra.issuer, entra.tenant_id, entra.link_by_email) == (
        "https://login.microsoftonline.com/T/v2.0",
        "T",
        True,
    )
    assert dict(entra.group_roles) == {"g-1": "coordinator"}
    assert (idporten.issuer, idporten.min_acr) == ("https://idporten.no", "idporten-loa-substantial")
    assert not sso.local_login and sso.problems(production=True) == []
    assert sc.SALT not in repr(sso)  # the salt is a secret


def test_production_refuses_idporten_without_a_strong_salt(tmp_path):
    env = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": "00DNM7uPpFpCCCUqPCkTQSNLXw9686MyFjhH9P5yqSs"}
    with pytest.raises(ConfigError, match="OSLOREG_SSO_PID_SALT is missing"):
        load_settings(env, _secrets(tmp_path, AUTH))
    with pytest.raises(ConfigError, match="too weak"):
        load_settings({**env, "OSLOREG_SSO_PID_SALT": "salt" * 10}, _secrets(tmp_path, AUTH))


def test_demo_makes_its_own_salt_once(tmp_path):
    env = {"OSLOREG_VAR_DIR": str(tmp_path)}
    first = load_settings(env, _secrets(tmp_path, AUTH)).sso.pid_salt
    assert first and first == load_settings(env, _secrets(tmp_path, AUTH)).sso.pid_salt


def test_check_config_problems(tmp_path):
    env = {"OSLOREG_VAR_DIR": str(tmp_path), "OSLOREG_SSO_PID_SALT": sc.SALT}
    plain = AUTH.replace("https://dashboard", "http://dashboard").replace('cookie_secret = "x"\n', "")
    plain = plain.replace(
        'client_secret = "s"\nserver_metadata_url = "https://idporten',
        'server_metadata_url = "https://idporten',
    )
    problems = load_settings(env, _secrets(tmp_path, plain)).sso.problems(production=True)
    assert problems == [
        "[auth] has no cookie_secret",
        "[auth] redirect_uri is not https",
        "[auth.idporten] needs client_id, client_secret and server_metadata_url",
    ]
    nobody = load_settings({**env, "OSLOREG_LOCAL_LOGIN": "no"}, _secrets(tmp_path, "")).sso
    assert nobody.problems(production=True) == [
        "OSLOREG_LOCAL_LOGIN is off and no identity provider is set: no one can log in"
    ]


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ('[osloreg.sso.entra.group_roles]\n"g" = "superuser"\n', "unknown roles"),
        ('[osloreg.sso.idporten]\nmin_acr = "idporten-loa-low"\n', "min_acr"),
    ],
)
def test_wrong_sso_rules_are_refused_in_words(tmp_path, extra, match):
    text = AUTH.replace('[osloreg.sso.entra.group_roles]\n"g-1" = "coordinator"\n', "") + extra
    with pytest.raises(ConfigError, match=match):
        load_settings(
            {"OSLOREG_VAR_DIR": str(tmp_path), "OSLOREG_SSO_PID_SALT": sc.SALT}, _secrets(tmp_path, text)
        )
