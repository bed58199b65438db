"""`import <kind> <file>`: a CSV or Excel file checked row by row, imported all or nothing."""

from __future__ import annotations

import sys

from osloreg.cli.common import CliError, Context

KINDS = ("units", "persons", "memberships", "projects", "meetings")


def _progress(verb: str):
    def report(done: int, total: int) -> None:
        if total >= 1000:  # short files need no running count
            print(f"{verb} {done}/{total}", file=sys.stderr, flush=True)

    return report


def _print_errors(kind: str, errors, language: str) -> None:
    from osloreg import i18n, importer

    label = i18n.translate("import.row", language)
    for row in importer.error_rows(kind, errors, language):
        column = f", {row['column']}" if row["column"] else ""
        print(f"{label} {row['row']}{column}: {row['message']}", file=sys.stderr)
    print(i18n.translate("import.errors", language, count=len(errors)), file=sys.stderr)


def cmd_import(ctx: Context) -> int:
    from osloreg import i18n, importer
    from osloreg.db import write_session
    from osloreg.services import imports
    from osloreg.services.base import SYSTEM, DomainError

    a = ctx.args
    kind, language = importer.Kind(a.kind), a.language
    try:
        # The size is checked before reading, so a huge file is never read into memory.
        too_large = a.file.stat().st_size > importer.MAX_BYTES
        data = b"" if too_large else a.file.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {a.file}: {exc.strerror}") from exc
    engine = ctx.engine()
    try:
        if too_large:
            raise importer.FileRefused("import.error.too_large", max=importer.MAX_MEGABYTES)
        parsed = importer.parse_upload(kind, data)
        with write_session(engine) as session:
            if parsed.errors or a.dry_run:
                checked = imports.check_rows(
                    session, actor=SYSTEM, kind=kind, rows=parsed.rows, progress=_progress("checked")
                )
                errors = importer.merge_errors(parsed.errors, checked)
                if errors:
                    _print_errors(kind, errors, language)
                    return 1
                print(i18n.translate("import.ready", language, count=len(parsed.rows)))
                return 0
            result = imports.import_rows(
                session,
                actor=SYSTEM,
                kind=kind,
                rows=parsed.rows,
                file_name=a.file.name,
                progress=_progress("imported"),
            )
    except importer.FileRefused as refused:
        print(f"{a.file.name}: {importer.message(kind, refused, language)}", file=sys.stderr)
        return 1
    except imports.ImportRefused as refused:
        _print_errors(kind, refused.params["errors"], language)
        return 1
    except DomainError as refused:
        print(f"{a.file.name}: {importer.message(kind, refused, language)}", file=sys.stderr)
        return 1
    kind_name = i18n.translate(f"import.kind.{kind}", language).lower()
    print(i18n.translate("import.done", language, count=result.count, kind=kind_name, file=a.file.name))
    return 0
