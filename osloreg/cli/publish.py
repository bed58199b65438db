"""`publish --output DIR`: the public view of styret's and representantskapet's meetings as a static site."""

from __future__ import annotations

from osloreg.cli.common import CliError, Context

# The words `publish` prints for each kind of file it wrote (the folders of the site).
KINDS = {
    "forside": "front pages",
    "moter": "year lists",
    "kalender": "month calendars",
    "mote": "meeting pages",
    "sak": "case pages",
    "filer": "files",
}


def cmd_publish(ctx: Context) -> int:
    from osloreg import clock
    from osloreg.public_site.static import FolderNotEmpty, publish

    folder = ctx.args.output
    try:
        report = publish(ctx.engine(), folder, today=clock.oslo_today(), force=ctx.args.force)
    except FolderNotEmpty as exc:
        raise CliError(str(exc)) from exc
    for kind, words in KINDS.items():
        print(f"{report.counts.get(kind, 0):>6} {words}")
    if report.removed:
        print(f"{report.removed:>6} files of an earlier publish removed (no longer public)")
    print(f"wrote {report.written} files to {folder} in {report.seconds:.1f} s (English pages under en/)")
    return 0
