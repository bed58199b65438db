"""`invitations send`: the meeting invitations queued by innkalling, moves and cancellations, by e-mail."""

from __future__ import annotations

from osloreg.cli.common import CliError, Context


def cmd_invitations_send(ctx: Context) -> int:
    from osloreg.mail.invitations import NoRelay, send_invitations
    from osloreg.mail.transport import MailError

    dry_run = ctx.args.dry_run
    try:
        summary = send_invitations(ctx.engine(), ctx.settings, dry_run=dry_run, say=print)
    except NoRelay as exc:
        raise CliError(f"{exc}; set it (see the README's Configuration) or use --dry-run") from exc
    except MailError as exc:
        raise CliError(f"cannot reach the mail relay: {exc}") from exc
    print(summary.line(dry_run=dry_run))
    # A refused mail, or one left queued once the relay was lost, goes with the next run; the exit
    # code lets cron or systemd say so.
    return 1 if summary.failed or summary.not_tried else 0
