"""The password policy on both databases (security review #24, #23): common, breached-style, blank,
predictable passwords and those built on the user's own name are refused on create and on reset, in
words that say what to do; passwords are normalised (NFKC) when set and when checked, and a hash made
before that still opens the account."""

from __future__ import annotations

import unicodedata

import bcrypt
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import i18n, passwords
from osloreg.models import User
from osloreg.passwords import hash_password, verify_password
from osloreg.rules.validation import Invalid
from osloreg.services import users
from osloreg.services.base import SYSTEM, ValidationFailed
from osloreg.services.logins import attempt_login
from tests.cli_runner import runner

STRONG = "tre blå hester i snøen"
# From the review (#24) and from the lists attackers try first, each with the reason it is refused.
WEAK = {
    "password1234": "error.password_common",
    "passord12345": "error.password_common",
    "sommer2026!!": "error.password_common",
    "Sommer 2026 !!": "error.password_common",
    "P@ssw0rd2026!": "error.password_common",
    "Welcome2026!": "error.password_common",
    "1qaz2wsx3edc": "error.password_common",
    "qwertyuiopå!": "error.password_common",
    "vinter vinter": "error.password_common",
    " " * 12: "error.password_blank",
    "\u200b" * 12: "error.password_blank",
    "\u3000 \u00a0\u2009" * 4: "error.password_blank",
    "x" * 12: "error.password_predictable",
    "abcdefghijkl": "error.password_predictable",
    "123456789012": "error.password_predictable",
    "abcabcabcabc": "error.password_predictable",
    "a" + "\u200b" * 11: "error.password_predictable",
    "osloregionen2026": "error.password_has_name",
    "Osloregionen er best!": "error.password_has_name",
}
# Names a user can be given, and passwords built on them.
NAMED = {
    ("kari.nordmann", "Kari Nordmann", "kari.nordmann"),
    ("kari.nordmann", "Kari Nordmann", "KARI.NORDMANN 2026"),
    ("kari.nordmann", "Kari Nordmann", "hei kari nordmann!"),
    ("olan", "Ola Nordmann", "olan er sjefen her"),
}


def _refusal(call) -> str:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.key


def _create(session: Session, username: str, password: str, display_name: str = "Kari") -> User:
    return users.create_user(
        session,
        actor=SYSTEM,
        username=username,
        display_name=display_name,
        password=password,
        roles=["viewer"],
    )


def test_weak_passwords_are_refused_on_create_and_on_reset_saying_what_to_do(session: Session):
    _create(session, "kari", STRONG)
    for password, key in WEAK.items():
        on_create = _refusal(lambda password=password: _create(session, "ola", password))
        on_reset = _refusal(
            lambda password=password: users.reset_password(
                session, actor=SYSTEM, username="kari", password=password
            )
        )
        assert on_create == on_reset == key, repr(password)
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    session.rollback()
    assert attempt_login(session, username="kari", password=STRONG).ok  # the reset never happened
    for key in set(WEAK.values()):
        nb, en = (i18n.translate(key, language) for language in ("nb", "en"))
        assert nb != key and en != key
    assert "setning av fire–fem ord" in i18n.translate("error.password_common", "nb")
    assert "four or five unrelated words" in i18n.translate("error.password_predictable", "en")


def test_a_password_with_the_username_or_the_users_name_is_refused(session: Session):
    for username, display_name, password in NAMED:
        key = _refusal(lambda u=username, d=display_name, p=password: _create(session, u, p, d))
        assert key == "error.password_has_name", password
    _create(session, "kari.nordmann", STRONG, "Kari Nordmann")
    reset = _refusal(
        lambda: users.reset_password(
            session, actor=SYSTEM, username="kari.nordmann", password="Kari Nordmann 1"
        )
    )
    assert reset == "error.password_has_name"
    # A passphrase that merely shares a few letters with the name is fine.
    users.reset_password(session, actor=SYSTEM, username="kari.nordmann", password="karaffel av norsk vann")


def test_passphrases_and_every_script_are_accepted():
    for password in (
        STRONG,
        "Korrekt hest batteri stift",
        "Høstferie i Lofoten!",
        "Kárášjohka lea Sámis 🌲",
        "صباح الخير يا صديقي",
        "🔑🐎🌲🚲🏔🍓🎻🦉🌊🧀🚂🌙",
        "  mellomrom i begge ender  ",
    ):
        assert passwords.check_password(password, username="kari", display_name="Kari Nordmann") == password


def test_a_password_is_the_same_typed_composed_or_decomposed(session: Session):
    composed = "Kafé på hjørnet i Tromsø"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    _create(session, "kari", decomposed)
    assert attempt_login(session, username="kari", password=composed).ok
    assert attempt_login(session, username="kari", password=decomposed).ok
    # Compatibility forms too (NFKC): a ligature, full-width letters.
    users.reset_password(session, actor=SYSTEM, username="kari", password="ﬁre grønne esler på isen")
    assert attempt_login(session, username="kari", password="fire grønne esler på isen").ok
    assert attempt_login(session, username="kari", password="ﬁre ｇｒønne esler på isen").ok
    assert not attempt_login(session, username="kari", password="fire grønne esler på isen!").ok


def test_a_hash_made_before_passwords_were_normalised_still_opens_the_account(session: Session):
    decomposed = unicodedata.normalize("NFD", "Kafé på hjørnet i Tromsø")
    user = _create(session, "kari", STRONG)
    session.rollback()
    # What hash_password stored before: bcrypt over the digest of the password exactly as typed.
    old_hash = bcrypt.hashpw(passwords._digest(decomposed), bcrypt.gensalt(4)).decode("ascii")
    session.execute(sa.update(User).where(User.id == user.id).values(password_hash=old_hash))
    session.commit()
    assert attempt_login(session, username="kari", password=decomposed).ok


def test_the_length_is_counted_after_normalisation():
    # "½" is three characters once normalised ("1⁄2"): 43 of them are 129.
    with pytest.raises(Invalid) as caught:
        passwords.check_password("½" * 43)
    assert caught.value.key == "error.password_too_long"
    # Eleven typed characters that normalise to thirteen are long enough.
    assert len(passwords.check_password("Kake½ i dag")) == 13
    # A paste of a megabyte is refused without being normalised.
    with pytest.raises(Invalid) as caught:
        passwords.check_password("ø" * 1_000_000)
    assert caught.value.key == "error.password_too_long"


def test_hashing_normalises_so_either_form_verifies():
    stored = hash_password(unicodedata.normalize("NFD", "Kafé på hjørnet"), rounds=4)
    assert verify_password("Kafé på hjørnet", stored)
    assert not verify_password("Kafe på hjørnet", stored)


def test_the_command_line_refuses_a_weak_password_in_words(sqlite_engine, tmp_path):
    cli = runner(sqlite_engine.url.render_as_string(hide_password=False), tmp_path / "var")
    add = ("user", "add", "kari", "--name", "Kari Nordmann", "--role", "viewer", "--password-stdin")
    weak = cli(*add, stdin="sommer2026!!\n")
    assert weak.returncode == 1
    assert (
        weak.stderr.startswith("error: the password is too common")
        and "[error.password_common]" in weak.stderr
    )
    assert cli(*add, stdin=STRONG + "\n").returncode == 0
    named = cli("user", "reset-password", "kari", "--password-stdin", stdin="Kari Nordmann er best\n")
    assert named.returncode == 1 and named.stderr.startswith(
        "error: the password cannot contain the username"
    )
