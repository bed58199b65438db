"""`digest send`: the digest by e-mail of the current window to each user who gets one (cron or a timer)."""

from __future__ import annotations

from osloreg.cli.common import CliError, Context

NO_RELAY = (
    "no mail relay is configured, so no digest can be sent: set OSLOREG_SMTP_HOST and OSLOREG_SMTP_SENDER "
    "(and the port, security and login if the relay needs them; see `check-config`), or use --dry-run"
)


def cmd_digest_send(ctx: Context) -> int:
    from osloreg.mail.digest_run import NoRelay, send_digests

    dry_run = bool(ctx.args.dry_run)
    settings = ctx.settings
    if settings.smtp is None and not dry_run:
        raise CliError(NO_RELAY)
    engine = ctx.engine()
    try:
        summary = send_digests(engine, settings, dry_run=dry_run, report=print)
    except NoRelay as exc:
        raise CliError(NO_RELAY) from exc
    print(summary.line(dry_run=dry_run))
    if summary.failed:
        print(f"{len(summary.failed)} not sent: the next run tries them again")
    if summary.not_tried:
        print(f"{summary.not_tried} not tried, as the relay was lost: the next run goes on with them")
    if summary.failed or summary.not_tried:
        return 1
    return 0
