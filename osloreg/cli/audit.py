"""The audit trail's hash chain: `audit verify`, `audit reset-witness`, `audit grant`."""

from __future__ import annotations

import sys

from osloreg.cli.common import CliError, Context


def _witness(ctx: Context, engine):  # -> audit_witness.Witness
    from osloreg.audit import witness as audit_witness

    return audit_witness.for_engine(engine, ctx.witness_path)


def _head_text(head: dict | None) -> str:
    return "nothing" if not head else f"event {head['id']} ({str(head['hash'])[:12]}…)"


def cmd_audit_verify(ctx: Context) -> int:
    from osloreg.audit import verify as audit_verify
    from osloreg.audit import witness as audit_witness

    engine = ctx.engine()
    witness = _witness(ctx, engine)

    def progress(done: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done:,} events checked", end="", file=sys.stderr, flush=True)

    with engine.connect() as connection:
        verdict = audit_verify.verify(connection, witness=witness, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(verdict.summary())
    rate = verdict.events / verdict.seconds if verdict.seconds > 0 else 0
    checked = audit_verify.events_text(verdict.events)
    print(f"{checked} checked in {verdict.seconds:.2f} s ({rate:,.0f} events/s)")
    try:
        notes = audit_witness.rewinds(witness)
    except audit_witness.WitnessError:
        notes = []
    if notes:
        last = notes[-1]
        print(
            f"the witness recorded {len(notes)} rewind(s) of this trail; the last on {last['at']}: "
            f"{last['reason']} (from {_head_text(last['from'])} to {_head_text(last['to'])})"
        )
    if not verdict.ok:
        raise CliError("the audit trail does not verify; see the line above")
    return 0


def cmd_audit_reset_witness(ctx: Context) -> int:
    from osloreg.audit import verify as audit_verify
    from osloreg.audit import witness as audit_witness

    engine = ctx.engine()
    witness = _witness(ctx, engine)
    with engine.connect() as connection:
        # The chain itself must hold: only the witness is set aside (a database replaced on purpose).
        verdict = audit_verify.verify(connection, witness=None)
    if not verdict.ok:
        raise CliError(f"the chain itself does not verify, so its head is not recorded: {verdict.summary()}")
    try:
        replaced = audit_witness.record(
            witness, verdict.head_id, verdict.head_hash, reason="reset by `audit reset-witness`"
        )
    except (audit_witness.WitnessError, OSError) as exc:
        raise CliError(str(exc)) from exc
    was = "nothing" if replaced is None else f"event {replaced.id} hash {replaced.hash}"
    now = "no event" if verdict.head_id is None else f"event {verdict.head_id} hash {verdict.head_hash}"
    print(f"witness {witness.path} now records {now} for this database (it recorded {was})")
    return 0


def cmd_audit_grant(ctx: Context) -> int:
    from osloreg.audit import roles as audit_roles

    engine = ctx.engine()
    if engine.dialect.name != "postgresql":
        raise CliError("roles are a PostgreSQL matter: SQLite has no users")
    try:
        with engine.begin() as connection:
            schema = audit_roles.grant_app_role(connection, ctx.args.role)
    except audit_roles.RoleError as exc:
        raise CliError(str(exc)) from exc
    print(
        f"granted {ctx.args.role} SELECT, INSERT, UPDATE, DELETE on the tables of schema {schema}, "
        "and only SELECT, INSERT on audit_events"
    )
    return 0


def check_lines(ctx: Context, engine, *, production: bool) -> list[tuple[bool, str]]:
    """check-config's lines on the audit trail: the whole chain and its witness, and on PostgreSQL
    in production the app role's rights on it (it must not be able to change or remove events)."""
    from osloreg.audit import roles as audit_roles
    from osloreg.audit import verify as audit_verify

    witness = _witness(ctx, engine)
    with engine.connect() as connection:
        verdict = audit_verify.verify(connection, witness=witness)
        problems = audit_roles.privilege_problems(connection) if engine.dialect.name == "postgresql" else None
    lines = [(verdict.ok, f"audit trail chain: {verdict.description()}")]
    if problems is not None:
        if not problems:
            lines.append((True, "audit trail: the app's role can only read and append to audit_events"))
        for problem in problems:
            # Outside production one login for everything is fine (a demo, a developer's machine).
            lines.append(
                (
                    not production,
                    f"audit trail: {problem}" + ("" if production else " (refused in production)"),
                )
            )
    return lines
