"""`meeting notice` and `meeting minutes`: a meeting's innkalling or protokoll written as DOCX or PDF."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from osloreg.cli.common import CliError, Context

FORMATS = ("docx", "pdf")


def _format(ctx: Context) -> str:
    """--format, else the output file's suffix."""
    chosen = ctx.args.format or ctx.args.output.suffix.lower().lstrip(".")
    if chosen not in FORMATS:
        raise CliError(f"say --format docx or --format pdf (the file {ctx.args.output} does not tell)")
    return chosen


def _write(path: Path, data: bytes) -> None:
    """The whole file or none: written beside its place, then moved there."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CliError(f"no folder {directory} to write {path.name} in")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _paper(paper: str, what: str) -> Callable[[Context], int]:
    def command(ctx: Context) -> int:
        from osloreg import papers
        from osloreg.db import read_session

        fmt = _format(ctx)
        engine = ctx.engine()
        started = time.perf_counter()
        with read_session(engine) as session:
            try:
                data = papers.render(
                    session, ctx.args.meeting_id, paper=paper, fmt=fmt, language=ctx.args.language
                )
            except papers.MeetingNotFound as exc:
                raise CliError(f"there is no meeting with id {exc.meeting_id}") from exc
        _write(ctx.args.output, data)
        seconds = time.perf_counter() - started
        print(
            f"{what} of meeting {ctx.args.meeting_id} written to {ctx.args.output} "
            f"({fmt}, {len(data):,} bytes in {seconds:.1f} s)"
        )
        return 0

    return command


cmd_meeting_notice = _paper("notice", "the innkalling")
cmd_meeting_minutes = _paper("minutes", "the protokoll")
