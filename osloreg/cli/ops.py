"""Operations: `backup`, `restore` and `check-config`."""

from __future__ import annotations

from collections.abc import Callable

from osloreg.cli.common import CliError, Context, first_lines, safe_url
from osloreg.config import ConfigError, check_cookie_key
from osloreg.key_strength import MIN_KEY_BITS


def cmd_backup(ctx: Context) -> int:
    from osloreg.backup import BackupError, backup_database, backup_directory, default_backup_path

    # Not required to be at the head revision: a backup just before `db upgrade` is the point.
    engine = ctx.engine(must_be_current=False)
    destination = ctx.args.output or default_backup_path(engine, backup_directory(ctx.settings.var_dir))
    try:
        result = backup_database(engine, destination)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"backup written to {result.path} ({result.bytes:,} bytes in {result.seconds:.1f} s)")
    print(f"integrity ({result.check}): {result.integrity}")
    if not result.ok:
        raise CliError(f"the backup at {result.path} failed its integrity check: {result.integrity}")
    print(f"{len(result.counts)} tables, {sum(result.counts.values()):,} rows")
    return 0


def cmd_restore(ctx: Context) -> int:
    from osloreg.backup import BackupError
    from osloreg.restore import RestoreError, restore_database

    # The target is taken as given, not through ctx.engine(): that would create an empty SQLite
    # file or refuse a database without tables, and a new, empty database is what a restore wants.
    try:
        result = restore_database(
            ctx.args.file, ctx.database_url, force=ctx.args.force, witness_path=ctx.witness_path
        )
    except (RestoreError, BackupError) as exc:  # BackupError: a PostgreSQL tool is missing or failed
        raise CliError(str(exc)) from exc
    width = max((len(table.table) for table in result.tables), default=5)
    print(f"{'table':<{width}}  {'backup':>10}  {'restored':>10}")
    for table in result.tables:
        restored = "missing" if table.restored is None else f"{table.restored:,}"
        mark = "ok" if table.ok else "DIFFERS"
        print(f"{table.table:<{width}}  {table.expected:>10,}  {restored:>10}  {mark}")
    print(f"integrity ({result.check}): {result.integrity}")
    if result.chain is not None:
        print(f"audit trail chain: {result.chain.text}")
    if not result.ok:
        differ = sum(not table.ok for table in result.tables)
        if result.chain is not None and not result.chain.ok and not differ:
            raise CliError(f"the restore into {result.target} holds an audit trail that does not verify")
        raise CliError(f"the restore into {result.target} failed its check ({differ} tables differ)")
    print(f"restored {ctx.args.file} into {result.target} in {result.seconds:.1f} s; run `db upgrade` next")
    return 0


def _web_url_line(settings) -> tuple[bool, str]:
    """The feeds and mail links carry tokens in their URLs: in production they go over HTTPS unless
    the web app is only reached on this host."""
    from urllib.parse import urlsplit

    parts = urlsplit(settings.web_url)
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if settings.is_production and parts.scheme != "https" and not local:
        return False, f"web app: {settings.web_url} is not https; feed and link tokens would travel in clear"
    return True, f"web app (calendar feeds, links in e-mail): {settings.web_url}"


def cmd_check_config(ctx: Context) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from osloreg import migrate
    from osloreg.cli.audit import check_lines as audit_check_lines
    from osloreg.db import DatabaseUrlError, read_session
    from osloreg.models import User

    failures = 0

    def report(ok: bool, text: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {text}")

    try:
        settings = ctx.settings
    except ConfigError as exc:
        report(False, f"settings: {exc}")
        raise CliError("the configuration check failed") from exc
    report(True, f"settings loaded (environment: {settings.environment})")
    try:
        check_cookie_key(settings.cookie_key)
        report(True, f"cookie key: at least {MIN_KEY_BITS} bits by the estimate")
    except ConfigError as exc:
        report(False, f"cookie key: {exc}")
    if settings.smtp is None:
        report(True, "mail: no relay set (OSLOREG_SMTP_HOST), so no mail is sent")
    else:
        report(True, f"mail: {settings.smtp.describe()}")
    report(*_web_url_line(settings))
    report(*_accessibility_contact_line(settings))
    for ok, text in _sso_lines(settings):
        report(ok, text)
    if settings.is_production:
        _check_streamlit(report)
    try:
        engine = ctx.engine(must_be_current=False)
        report(True, f"database reachable at {safe_url(engine)}")
        current, head = migrate.current_revision(engine), migrate.head_revision()
        report(current == head, f"database revision {current or 'none'} (latest: {head})")
        if settings.is_production and current == head:
            with read_session(engine) as session:
                demo_users = session.scalar(select(func.count()).select_from(User).where(User.is_demo))
            report(demo_users == 0, f"demo accounts in production: {demo_users}")
        if current == head:
            for ok, text in audit_check_lines(ctx, engine, production=settings.is_production):
                report(ok, text)
    except (CliError, DatabaseUrlError, SQLAlchemyError) as exc:
        report(False, f"database: {first_lines(exc) if isinstance(exc, SQLAlchemyError) else exc}")
    if failures:
        raise CliError(f"the configuration check failed ({failures} problem{'s' * (failures > 1)})")
    return 0


def _sso_lines(settings) -> list[tuple[bool, str]]:
    """Single sign-on: each provider, the password form's switch, and what production refuses (a
    setting missing, a redirect URI not over https, no way to log in). Never a secret."""
    sso = settings.sso
    lines = [(True, f"single sign-on: {provider.describe()}") for provider in sso.providers]
    if not sso.providers:
        lines.append((True, "single sign-on: no provider in [auth.<name>] (secrets.toml)"))
    local = "on" if sso.local_login else "off (OSLOREG_LOCAL_LOGIN=false: single sign-on only)"
    lines.append((True, f"login with username and password: {local}"))
    lines += [
        (not settings.is_production, f"single sign-on: {problem}")
        for problem in sso.problems(production=settings.is_production)
    ]
    return lines


def _accessibility_contact_line(settings) -> tuple[bool, str]:
    """The accessibility statement must say where to report a problem: production needs the address."""
    if settings.accessibility_contact:
        return True, f"accessibility contact: {settings.accessibility_contact}"
    return not settings.is_production, (
        "accessibility contact: not set (OSLOREG_ACCESSIBILITY_CONTACT), so the accessibility statement "
        "names no address to report problems to"
    )


def _check_streamlit(report: Callable[[bool, str], None]) -> None:
    """Streamlit's settings as `streamlit run` will start with them (config.toml, then STREAMLIT_*
    variables), each line ok or FAIL; the app refuses to start on the same failures (flags given to
    `streamlit run` itself are seen only there)."""
    import click

    from osloreg import server_options
    from osloreg.ui.server_settings import as_streamlit_run_sees_them  # Streamlit: only the ui imports it

    try:
        get_option = as_streamlit_run_sees_them()
    except click.ClickException as exc:  # a STREAMLIT_* value that `streamlit run` would refuse
        report(False, f"Streamlit settings: {exc.format_message()}")
        return
    for finding in server_options.check(get_option):
        report(finding.ok, finding.text)
    address = get_option("server.address")
    if address and address not in ("0.0.0.0", "::"):
        report(True, f"Streamlit listens on {address}")
    else:
        report(True, "Streamlit listens on every interface: let only the reverse proxy reach its port")
