"""Single sign-on in AppTest: the login page shows a button per configured provider (and the password
form only while local logins are on); an identity Streamlit brings is judged once and logs its user
in, or is refused in words; an admin links an ID-porten identity by number and unlinks it, and the
number is not shown again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from osloreg.db import read_session
from osloreg.models import AuditEvent, SsoIdentity, User
from tests import sso_claims as sc
from tests.pages.conftest import nb, ok, page_test


@pytest.fixture
def sso(tmp_path, monkeypatch):
    """Both providers configured for the app (its settings are read afresh in each test)."""
    monkeypatch.setenv("OSLOREG_SECRETS_FILE", str(sc.write_secrets(tmp_path / "secrets.toml")))
    monkeypatch.setenv("OSLOREG_SSO_PID_SALT", sc.SALT)


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def test_no_provider_no_buttons(users, app_engine):
    at = page_test("app.py")
    at.run()
    ok(at)
    assert not [label for label in _buttons(at) if "Logg inn med" in label]
    assert [f.label for f in at.text_input] == ["Brukernavn", "Passord"]


def test_a_button_per_provider_above_the_form(users, app_engine, sso):
    at = page_test("app.py")
    at.run()
    ok(at)
    assert _buttons(at)[:2] == [nb("login.sso_button.entra"), nb("login.sso_button.idporten")]
    assert [f.label for f in at.text_input] == ["Brukernavn", "Passord"]
    assert nb("login.sso_or_password") in [c.value for c in at.caption]


def test_with_local_logins_off_only_the_buttons_show(users, app_engine, sso, monkeypatch):
    monkeypatch.setenv("OSLOREG_LOCAL_LOGIN", "false")
    at = page_test("app.py")
    at.run()
    ok(at)
    assert not at.text_input
    assert _buttons(at) == [nb("login.sso_button.entra"), nb("login.sso_button.idporten")]


def _linked(engine, username: str, subject: str, provider: str = "entra") -> None:
    with read_session(engine) as session, session.begin():
        user = session.scalar(sa.select(User).where(User.username == username))
        session.add(SsoIdentity(user_id=user.id, provider=provider, subject=subject, linked_by="admin"))


def _with_identity(claims: dict, provider: str) -> object:
    at = page_test("app.py")
    at.user = {**claims, "is_logged_in": True, "provider": provider}
    at.run()
    ok(at)
    return at


def test_an_identity_streamlit_brings_logs_its_user_in_once(users, app_engine, sso):
    _linked(app_engine, "koordinator", "oid-k")
    claims = sc.entra_claims("oid-k")
    at = _with_identity(claims, "entra")
    assert at.session_state["authentication_status"] and at.session_state["username"] == "koordinator"
    assert not at.main.text_input  # the app, not the login form
    # The same identity in a new session (a copied identity cookie): refused in words.
    again = _with_identity(claims, "entra")
    assert not again.session_state["authentication_status"]
    assert [w.value for w in again.warning] == [nb("login.sso_replayed", provider="Microsoft Entra ID")]


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda: sc.entra_claims("oid-unknown", email="ukjent@example.org"), "login.sso_unknown"),
        (lambda: sc.entra_claims("oid-k", aud="another-app"), "login.sso_invalid"),
    ],
)
def test_a_refused_identity_is_told_in_words_on_the_login_page(users, app_engine, sso, make, key):
    _linked(app_engine, "koordinator", "oid-k")
    at = _with_identity(make(), "entra")
    assert not at.session_state["authentication_status"]
    assert [w.value for w in at.warning] == [nb(key, provider="Microsoft Entra ID")]
    assert [f.label for f in at.text_input] == ["Brukernavn", "Passord"]


def test_a_disabled_user_is_refused_even_with_a_valid_identity(users, app_engine, sso):
    _linked(app_engine, "leser", "oid-l")
    with read_session(app_engine) as session, session.begin():
        session.scalar(sa.select(User).where(User.username == "leser")).disabled = True
    at = _with_identity(sc.entra_claims("oid-l"), "entra")
    assert [w.value for w in at.warning] == [nb("login.disabled")]


def test_an_admin_links_an_idporten_identity_by_number_and_unlinks_it(users, app_engine, sso):
    at = page_test("pages/admin.py", username="admin")
    at.run()
    ok(at)
    choice = at.selectbox(key="user_edit_choice")
    medlem = next(option for option in choice.options if option.startswith("medlem"))
    choice.select(medlem)
    at.run()
    ok(at)
    field = next(f for f in at.text_input if f.label == nb("admin.users.pid"))
    field.input("01819010002")  # a check digit wrong
    at.button(key=next(b.key for b in at.button if b.label == nb("admin.users.pid_link"))).click()
    at.run()
    assert nb("sso.pid_control") in [e.value for e in at.error]
    field = next(f for f in at.text_input if f.label == nb("admin.users.pid"))
    field.input(sc.PID)
    next(b for b in at.button if b.label == nb("admin.users.pid_link")).click()
    at.run()
    ok(at)
    assert nb("admin.users.pid_linked", username="medlem") in [s.value for s in at.success]
    page = "\n".join(str(e.value) for e in at.main if hasattr(e, "value"))
    assert sc.PID not in page and all(sc.PID not in str(f.value) for f in at.text_input)
    assert [f.value for f in at.text_input if f.label == nb("admin.users.pid")] == [""]
    assert any(str(m.value).replace("\\", "").startswith("ID-porten: koblet ") for m in at.markdown)
    with read_session(app_engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SsoIdentity)) == 1
        actions = session.scalars(sa.select(AuditEvent.action)).all()
    assert "user.sso_link" in actions
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == nb("admin.users.unlink_confirm"))).check()
    at.run()
    next(b for b in at.button if b.label == nb("admin.users.unlink")).click()
    at.run()
    ok(at)
    with read_session(app_engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SsoIdentity)) == 0
    assert nb("admin.users.identities_none") in [c.value for c in at.caption]
