"""Faults while someone works: a read-only database file, PostgreSQL going away in the middle of a
write, and an audit insert that fails. Each time the page says so in the user's language, shows no
traceback, and the database holds all or nothing of the attempted write."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from osloreg import i18n, migrate
from osloreg.db import make_engine, read_session
from osloreg.models import AuditEvent, User
from tests.pages.conftest import ROLE_USERS, add_users, app_database
from tests.pages.test_admin_users_page import _fill_new_user, _page

NEW_USER = "kari"  # the user the admin page's form (`_fill_new_user`) tries to create
PASSWORD = "et langt passord for feiltesten"
DATABASE_UNAVAILABLE = i18n.translate("error.database_unavailable", "nb")
DATABASE_UNAVAILABLE_EN = i18n.translate("error.database_unavailable", "en")
UNEXPECTED = i18n.translate("error.unexpected", "nb")


def _written(engine: Engine) -> tuple[int, int]:
    """What the attempted write left: (users named kari, audit events of creating a user beyond the
    five made by `add_users`)."""
    with read_session(engine) as session:
        users = session.scalar(sa.select(sa.func.count()).where(User.username == NEW_USER))
        audits = session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "user.create"))
    return users, audits - len(ROLE_USERS)


def _with_users(engine: Engine) -> Engine:
    with read_session(engine) as session:
        add_users(session, ROLE_USERS)
    return engine


def _try_to_create_kari(at) -> tuple[list[str], int]:
    """Submit the admin page's new-user form; return the error messages shown and the tracebacks."""
    _fill_new_user(at, password=PASSWORD)
    return [message.value for message in at.error], len(at.exception)


# --- A read-only database file ---------------------------------------------------------------------


def test_a_read_only_database_refuses_the_write_in_words_and_writes_nothing(
    sqlite_engine, monkeypatch, tmp_path, figures
):
    _with_users(sqlite_engine)
    path = Path(sqlite_engine.url.database)
    # Tests run as root, whom chmod does not stop: SQLite's own read-only mode is what holds here.
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    with app_database(read_only, monkeypatch, tmp_path):
        at = _page()  # reading works: the list of users shows
        assert at.dataframe, "the admin page showed no users from the read-only database"
        errors, tracebacks = _try_to_create_kari(at)
        assert tracebacks == 0, at.exception[0].value
        # The other writes a page makes: saving the chosen language, and logging out (a revocation).
        at.sidebar.segmented_control(key="osloreg_language_choice").set_value("en").run()
        language_errors, language_tracebacks = [m.value for m in at.error], len(at.exception)
        assert language_tracebacks == 0, at.exception[0].value
        at.sidebar.button(key="osloreg_logout_button").click().run()
        logout_errors, logout_tracebacks = [m.value for m in at.error], len(at.exception)
        assert logout_tracebacks == 0, at.exception[0].value
    users, audits = _written(sqlite_engine)
    with read_session(sqlite_engine) as session:
        others = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) - len(ROLE_USERS)
        languages = set(session.scalars(sa.select(User.language)))
    shown = sum(DATABASE_UNAVAILABLE_EN in errors for errors in (language_errors, logout_errors))
    figures.record(
        f"read-only: new user: message shown {errors.count(DATABASE_UNAVAILABLE)}/1, "
        f"language and logout: message shown {shown}/2, "
        f"{tracebacks + language_tracebacks + logout_tracebacks} tracebacks, "
        f"{users} users and {others} audit rows written"
    )
    assert DATABASE_UNAVAILABLE in errors
    assert DATABASE_UNAVAILABLE_EN in language_errors  # in the language just chosen
    assert DATABASE_UNAVAILABLE_EN in logout_errors
    assert (users, audits, others, languages) == (0, 0, 0, {"nb"})


# --- PostgreSQL going away during a session --------------------------------------------------------


@contextmanager
def _own_database(server_url: str) -> Iterator[tuple[str, Engine]]:
    """A database of its own (the shared server stays up for the other tests), migrated, with users;
    its URL and an engine on it. Dropped afterwards, whatever state it was left in."""
    name = f"f_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        yield url, _with_users(engine)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


def _set_reachable(server_url: str, name: str, reachable: bool) -> int:
    """Open or close the database to new connections; when closing, end the ones it has (the app's
    pool included). Returns how many connections were ended."""
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(reachable).lower()}')
            if reachable:
                return 0
            ended = connection.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            return ended.scalar_one()
    finally:
        admin.dispose()


def test_postgresql_going_away_mid_write_shows_a_message_and_leaves_nothing_half_written(
    postgres_server, monkeypatch, tmp_path, figures
):
    with _own_database(postgres_server) as (url, engine):
        name = make_url(url).database
        # The server ends the app's connection in the middle of its write: the new user is inserted,
        # then its audit event's insert kills the connection before anything is committed.
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE FUNCTION kill_own_connection() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN IF NEW.action = 'user.create' THEN PERFORM pg_terminate_backend(pg_backend_pid()); "
                "END IF; RETURN NEW; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER kill_own_connection BEFORE INSERT ON audit_events "
                "FOR EACH ROW EXECUTE FUNCTION kill_own_connection()"
            )
        engine.dispose()
        with app_database(url, monkeypatch, tmp_path):
            at = _page()
            mid_write_errors, mid_write_tracebacks = _try_to_create_kari(at)
            assert mid_write_tracebacks == 0, at.exception[0].value
            at.run()  # the next run reconnects: the page is back, with no message
            recovered = bool(at.dataframe) and not at.error and not at.exception

            # Then the database stops answering altogether while the admin is still on the page.
            ended = _set_reachable(postgres_server, name, reachable=False)
            at.run()
            down_errors, down_tracebacks = [message.value for message in at.error], len(at.exception)
            assert down_tracebacks == 0, at.exception[0].value
            data_while_down = len(at.dataframe)
        _set_reachable(postgres_server, name, reachable=True)
        users, audits = _written(engine)
    figures.record(
        f"connection killed mid-write: message shown {mid_write_errors.count(DATABASE_UNAVAILABLE)}/1, "
        f"{mid_write_tracebacks} tracebacks, {users} users and {audits} audit rows written, "
        f"next run {'recovered' if recovered else 'NOT recovered'}; "
        f"database closed ({ended} connections ended): message shown "
        f"{down_errors.count(DATABASE_UNAVAILABLE)}/1, {down_tracebacks} tracebacks, "
        f"{data_while_down} tables shown"
    )
    assert DATABASE_UNAVAILABLE in mid_write_errors
    assert (users, audits) == (0, 0)
    assert recovered, "after the connection was killed, the next run did not show the page again"
    assert ended >= 1, "the app held no connection to the database, so closing it tested nothing"
    assert DATABASE_UNAVAILABLE in down_errors
    assert data_while_down == 0


# --- An audit insert that fails --------------------------------------------------------------------

# Refuse the audit event of one action only: everything else (logins, the other users) still works.
_REFUSE_AUDIT = {
    "sqlite": [
        "CREATE TRIGGER refuse_user_create_audit BEFORE INSERT ON audit_events "
        "WHEN NEW.action = 'user.create' BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_user_create_audit() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF NEW.action = 'user.create' THEN RAISE EXCEPTION 'audit refused'; END IF; "
        "RETURN NEW; END $$",
        "CREATE TRIGGER refuse_user_create_audit BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION refuse_user_create_audit()",
    ],
}


def _search_path_url(engine: Engine) -> str:
    """The engine's database as a URL the app can take, its schema included (the fixture's engine
    sets the schema through connect_args, which a URL cannot carry otherwise)."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def test_a_failing_audit_insert_rolls_the_change_back(engine, monkeypatch, tmp_path, figures):
    _with_users(engine)
    with engine.begin() as connection:
        for statement in _REFUSE_AUDIT[engine.dialect.name]:
            connection.exec_driver_sql(statement)
    with app_database(_search_path_url(engine), monkeypatch, tmp_path):
        at = _page()
        errors, tracebacks = _try_to_create_kari(at)
    users, audits = _written(engine)
    figures.record(
        f"{engine.dialect.name}, audit insert refused: message shown {errors.count(UNEXPECTED)}/1, "
        f"{tracebacks} tracebacks, {users} users and {audits} audit rows written"
    )
    assert tracebacks == 0, at.exception[0].value
    assert UNEXPECTED in errors
    assert not at.success
    assert (users, audits) == (0, 0)
