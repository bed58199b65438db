"""Single sign-on on both databases: Entra ID by object id (and first by e-mail), its groups as roles,
ID-porten by the salted hash of a number an admin linked; unknown, disabled, stale, foreign and
replayed identities refused and audited; the password form switched off; the number kept nowhere."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import AuditEvent, Base, SsoIdentity, SsoNonce, User, UserRole
from osloreg.passwords import hash_password
from osloreg.queries.users import linked_identities
from osloreg.rules import sso as rules
from osloreg.services import users
from osloreg.services.base import SYSTEM, ValidationFailed
from osloreg.services.logins import attempt_login
from osloreg.services.sso import link_pid, sso_login, unlink_identity
from tests import sso_claims as sc

OID = "0a1b2c3d-0000-4000-8000-000000000001"


def _user(session: Session, username: str, *, roles=("coordinator",), email=None, disabled=False) -> int:
    with session.begin():
        user = User(
            username=username,
            display_name=username.title(),
            email=email,
            password_hash=hash_password("et langt passord", rounds=4),
            disabled=disabled,
            role_rows=[UserRole(role=role) for role in roles],
        )
        session.add(user)
        session.flush()
        return user.id


def _actions(session: Session) -> list[tuple[str, dict | None]]:
    try:
        return [(e.action, e.after) for e in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
    finally:
        session.rollback()


def _roles(session: Session, user_id: int) -> set[str]:
    try:
        return set(session.scalars(sa.select(UserRole.role).where(UserRole.user_id == user_id)))
    finally:
        session.rollback()


def _identities(session: Session, user_id: int):
    try:
        return linked_identities(session, user_id=user_id)
    finally:
        session.rollback()


def _login(session: Session, provider, claims, **kw):
    return sso_login(session, provider=provider, claims=claims, salt=sc.SALT, **kw)


def _link(session: Session, username: str, pid: str = sc.PID) -> None:
    link_pid(session, actor=SYSTEM, username=username, provider=sc.idporten(), pid=pid, salt=sc.SALT)


def test_an_entra_identity_linked_by_its_object_id_logs_in_and_is_audited(session):
    user_id = _user(session, "kari")
    with session.begin():
        session.add(SsoIdentity(user_id=user_id, provider="entra", subject=OID, linked_by="admin"))
    result = _login(session, sc.entra(), sc.entra_claims(OID))
    assert result.ok and result.user_id == user_id and result.session_epoch == 0
    assert ("login.success", {"provider": "entra"}) in _actions(session)
    assert _identities(session, user_id)[0].last_login_at is not None


def test_first_entra_login_is_linked_by_email_case_insensitively_once(session):
    user_id = _user(session, "kari", email="Kari.Nordmann@osloregionen.no")
    claims = sc.entra_claims(OID, preferred_username="kari.nordmann@OSLOREGIONEN.no")
    assert _login(session, sc.entra(), claims).user_id == user_id
    linked = [after for action, after in _actions(session) if action == "login.sso_linked"]
    assert linked == [
        {"provider": "entra", "subject": OID, "email": "kari.nordmann@osloregionen.no", "linked_by": "e-mail"}
    ]
    # The next login goes by the object id, whatever the e-mail says now.
    assert _login(session, sc.entra(), sc.entra_claims(OID, email="ny@example.org")).user_id == user_id
    assert [a for a, _ in _actions(session)].count("login.sso_linked") == 1


def test_no_link_by_email_when_switched_off_or_when_two_users_share_it(session):
    _user(session, "kari", email="kari@osloregionen.no")
    claims = sc.entra_claims(OID, email="kari@osloregionen.no")
    assert _login(session, sc.entra(link_by_email=False), claims).reason == "login.sso_unknown"
    _user(session, "kari2", email="KARI@osloregionen.no")
    assert (
        _login(session, sc.entra(), sc.entra_claims(OID, email="kari@osloregionen.no")).reason
        == "login.sso_unknown"
    )


def test_groups_set_the_roles_at_each_login_and_a_change_is_audited(session):
    user_id = _user(session, "kari", roles=("viewer",), email="kari@osloregionen.no")
    provider = sc.entra(group_roles={sc.COORDINATORS_GROUP: "coordinator", sc.DIRECTORS_GROUP: "director"})
    claims = sc.entra_claims(OID, email="kari@osloregionen.no", groups=[sc.COORDINATORS_GROUP, "unmapped"])
    assert _login(session, provider, claims).ok
    assert _roles(session, user_id) == {"coordinator"}
    assert _login(session, provider, sc.entra_claims(OID, groups=[sc.DIRECTORS_GROUP])).ok
    assert _roles(session, user_id) == {"director"}
    changes = [(a, after) for a, after in _actions(session) if a == "user.roles_from_groups"]
    assert [after["roles"] for _, after in changes] == [["coordinator"], ["director"]]
    # Unchanged groups: no audit row of a change.
    assert _login(session, provider, sc.entra_claims(OID, groups=[sc.DIRECTORS_GROUP])).ok
    assert len([a for a, _ in _actions(session) if a == "user.roles_from_groups"]) == 2
    # No mapped group at all: refused rather than left with no role.
    assert _login(session, provider, sc.entra_claims(OID, groups=["unmapped"])).reason == "login.sso_no_role"


def test_idporten_logs_in_by_the_hash_of_a_number_an_admin_linked(session):
    user_id = _user(session, "medlem", roles=("member",))
    assert _login(session, sc.idporten(), sc.idporten_claims(sc.PID)).reason == "login.sso_unknown"
    _link(session, "medlem")
    assert _login(session, sc.idporten(), sc.idporten_claims(sc.PID)).user_id == user_id
    shown = _identities(session, user_id)
    assert [(i.provider, i.linked_by) for i in shown] == [("idporten", "system")]
    with pytest.raises(ValidationFailed) as taken:
        _link(session, "medlem")
    assert taken.value.key == "sso.pid_taken"
    unlink_identity(session, actor=SYSTEM, identity_id=shown[0].id, provider_kind=rules.IDPORTEN)
    assert _login(session, sc.idporten(), sc.idporten_claims(sc.PID)).reason == "login.sso_unknown"


@pytest.mark.parametrize(
    ("pid", "key"),
    [("", "sso.pid_missing"), ("0181901000", "sso.pid_not_11_digits"), ("01819010002", "sso.pid_control")],
)
def test_a_wrong_number_is_refused_when_linking(session, pid, key):
    _user(session, "medlem", roles=("member",))
    with pytest.raises(ValidationFailed) as refused:
        _link(session, "medlem", pid)
    assert refused.value.key == key


def test_an_unknown_identity_is_refused_logged_and_audited_without_the_number(session, caplog):
    caplog.set_level(logging.WARNING)
    result = _login(session, sc.idporten(), sc.idporten_claims(sc.PID))
    assert not result.ok and result.reason == "login.sso_unknown"
    (after,) = [after for action, after in _actions(session) if action == "login.sso_refused_unknown"]
    assert after["subject"] == "hash:" + rules.pid_hash(sc.PID, salt=sc.SALT)[: rules.HASH_PREFIX]
    assert "single sign-on refused" in caplog.text and sc.PID not in caplog.text
    result = _login(session, sc.entra(), sc.entra_claims(OID, email="ukjent@example.org"))
    assert result.reason == "login.sso_unknown"


def test_a_disabled_user_is_refused_even_with_a_valid_identity(session):
    user_id = _user(session, "kari", disabled=True)
    with session.begin():
        session.add(SsoIdentity(user_id=user_id, provider="entra", subject=OID, linked_by="admin"))
    assert _login(session, sc.entra(), sc.entra_claims(OID)).reason == "login.disabled"
    assert ("login.refused_disabled", {"provider": "entra", "reason": "login.disabled"}) in _actions(session)


@pytest.fixture
def kari(session) -> int:
    user_id = _user(session, "kari")
    with session.begin():
        session.add(SsoIdentity(user_id=user_id, provider="entra", subject=OID, linked_by="admin"))
    return user_id


NOW = dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (lambda: sc.entra_claims(OID, now=NOW - dt.timedelta(hours=2)), "login.sso_stale"),  # exp past
        (lambda: sc.entra_claims(OID, now=NOW - dt.timedelta(minutes=10)), "login.sso_stale"),  # iat stale
        (lambda: sc.entra_claims(OID, aud="another-app"), "login.sso_invalid"),
        (
            lambda: sc.entra_claims(OID, iss="https://login.microsoftonline.com/other/v2.0"),
            "login.sso_invalid",
        ),
        (lambda: sc.entra_claims(OID, tid="another-tenant"), "login.sso_invalid"),
        (lambda: sc.entra_claims(OID, nonce=None), "login.sso_invalid"),
    ],
    ids=["expired", "issued-long-ago", "wrong-audience", "wrong-issuer", "wrong-tenant", "no-nonce"],
)
def test_stale_or_foreign_identities_are_refused_and_audited(session, kari, claims, reason):
    assert _login(session, sc.entra(), claims()).reason == reason
    assert [(a, after["reason"]) for a, after in _actions(session)] == [("login.sso_refused_token", reason)]


def test_idporten_below_the_required_level_is_refused(session):
    _user(session, "medlem", roles=("member",))
    _link(session, "medlem")
    low = sc.idporten_claims(sc.PID, acr="idporten-loa-low")
    assert _login(session, sc.idporten(), low).reason == "login.sso_level"
    high = sc.idporten_claims(sc.PID, acr="idporten-loa-high")
    assert _login(session, sc.idporten(min_acr="idporten-loa-high"), high).ok


def test_an_identity_used_before_and_now_old_is_told_it_has_expired_not_replayed(session, kari):
    """The next morning Streamlit's identity cookie (30 days) is still there while our own login has
    ended: the user is told to log in again because the login expired, not that it was used."""
    issued = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    claims = sc.entra_claims(OID, now=issued)
    assert _login(session, sc.entra(), claims).ok
    later = (issued + dt.timedelta(hours=9)).replace(tzinfo=None)
    again = _login(session, sc.entra(), dict(claims), now=later)
    assert not again.ok and again.reason == "login.sso_stale"
    assert [a for a, _ in _actions(session)][-1] == "login.sso_refused_token"


def test_a_replayed_nonce_is_refused_the_second_time(session, kari):
    claims = sc.entra_claims(OID)
    assert _login(session, sc.entra(), claims).ok
    again = _login(session, sc.entra(), dict(claims))
    assert not again.ok and again.reason == "login.sso_replayed"
    assert [a for a, _ in _actions(session)][-1] == "login.sso_refused_replay"
    # The same nonce at another provider is another login.
    try:
        assert session.scalar(sa.select(sa.func.count()).select_from(SsoNonce)) == 1
    finally:
        session.rollback()


def test_old_nonces_are_pruned(session, kari):
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=2)
    with session.begin():
        session.add(SsoNonce(nonce_sha256="0" * 64, outcome="ok", used_at=old))
    assert _login(session, sc.entra(), sc.entra_claims(OID)).ok
    try:
        assert session.scalar(sa.select(SsoNonce.nonce_sha256).where(SsoNonce.used_at == old)) is None
    finally:
        session.rollback()


def test_local_login_switched_off_refuses_the_password_and_audits(session):
    user_id = _user(session, "kari")
    result = attempt_login(session, username="kari", password="et langt passord", local_login=False)
    assert not result.ok and result.reason == "login.local_off"
    assert _actions(session) == [("login.refused_local_off", {"account": "kari"})]
    assert attempt_login(session, username="kari", password="et langt passord").user_id == user_id


def test_the_number_is_kept_in_no_table_audit_row_or_log_line(session, caplog):
    caplog.set_level(logging.DEBUG)
    user_id = _user(session, "medlem", roles=("member",))
    _login(session, sc.idporten(), sc.idporten_claims(sc.PID))  # unknown: refused, audited
    _link(session, "medlem")
    assert _login(session, sc.idporten(), sc.idporten_claims(sc.PID)).ok
    (identity,) = _identities(session, user_id)
    unlink_identity(session, actor=SYSTEM, identity_id=identity.id, provider_kind=rules.IDPORTEN)
    users.disable_user(session, actor=SYSTEM, username="medlem")
    dump = []
    try:
        for table in Base.metadata.sorted_tables:
            dump += [repr(tuple(row)) for row in session.execute(sa.select(table))]
    finally:
        session.rollback()
    text = "\n".join(dump)
    assert "login.sso_refused_unknown" in text and "user.sso_unlink" in text  # the dump holds the rows
    assert sc.PID not in text and sc.PID not in caplog.text


def test_a_demo_account_is_refused_in_production_as_with_the_password(session):
    with session.begin():
        user = User(username="demo", display_name="Demo", password_hash="-", is_demo=True)
        session.add(user)
        session.flush()
        session.add(SsoIdentity(user_id=user.id, provider="entra", subject=OID, linked_by="admin"))
    result = _login(session, sc.entra(), sc.entra_claims(OID), allow_demo=False)
    assert result.reason == "login.demo_refused"
    assert _actions(session)[-1][0] == "login.refused_demo"
    assert _login(session, sc.entra(), sc.entra_claims(OID)).ok  # the demo itself lets it in
