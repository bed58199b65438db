"""The static site: every public page and file written into a folder, read in one transaction, with a list
of what was written so that a later run with --force replaces only its own files, never a user's others."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy.engine import Engine

from osloreg.db import read_session
from osloreg.public_site import render, site
from osloreg.queries import publication

MANIFEST = ".osloreg-publish"  # what the last run wrote, one relative path a line


class FolderNotEmpty(Exception):
    """The folder holds something already, and --force was not given."""


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)  # pages by kind ("mote", "sak", ...) and files
    removed: int = 0  # files of an earlier run that are no longer public
    seconds: float = 0.0

    @property
    def written(self) -> int:
        return sum(self.counts.values())


def _kind(path: str) -> str:
    parts = PurePosixPath(path).parts
    parts = parts[1:] if parts[0] == "en" else parts
    return "forside" if parts[0] == "index.html" else parts[0]


def _earlier(folder: Path) -> list[str]:
    """What an earlier run wrote, keeping only plain relative paths inside the folder."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return []
    paths = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        path = PurePosixPath(line.strip())
        if line.strip() and not path.is_absolute() and ".." not in path.parts:
            paths.append(str(path))
    return paths


def _write(folder: Path, path: str, content: bytes) -> None:
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def publish(engine: Engine, folder: Path, *, today: dt.date, force: bool = False) -> Report:
    """Write the site into `folder` (made if missing). A folder that holds anything is refused unless
    `force`; then the earlier run's files that are no longer public are removed, and nothing else."""
    started = time.perf_counter()
    if folder.exists() and not folder.is_dir():
        raise FolderNotEmpty(f"{folder} is not a folder")
    if folder.exists() and any(folder.iterdir()) and not force:
        raise FolderNotEmpty(
            f"{folder} is not an empty folder; give --force to write the site into it "
            "(only files an earlier publish wrote are replaced or removed)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    earlier = _earlier(folder)
    report, written = Report(), []
    with read_session(engine) as session:
        if engine.dialect.name == "postgresql":
            # One snapshot for every page: a change made meanwhile is in all of them or in none.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        files, records = {}, site.Records()
        for path in site.all_paths(session, today=today):
            page = site.page(session, path, today=today, records=records)
            if page is None:  # cannot happen within one snapshot; a page is never half written
                continue
            _write(folder, path, page.content)
            written.append(path)
            report.counts[_kind(path)] += 1
            files.update({file.document_id: file for file in page.files})
        for file in files.values():  # open files of the pages just written, so public in this snapshot
            path = render.file_path(file)
            _write(folder, path, publication.file_content(session, version_id=file.version_id))
            written.append(path)
            report.counts["filer"] += 1
    gone = set(earlier) - set(written)
    for path in sorted(gone):
        target = folder / path
        if target.is_file():
            target.unlink()
            report.removed += 1
            _remove_empty_parents(folder, target.parent)
    (folder / MANIFEST).write_text("".join(f"{path}\n" for path in written), encoding="utf-8")
    report.seconds = time.perf_counter() - started
    return report


def _remove_empty_parents(folder: Path, directory: Path) -> None:
    """Remove folders the site made that are now empty (a withdrawn file's); never the root."""
    root = folder.resolve()
    while directory.resolve() != root and directory.resolve().is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
