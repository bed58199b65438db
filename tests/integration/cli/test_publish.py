"""`python -m osloreg publish --output DIR` on SQLite and PostgreSQL: the static site written with what it
wrote said, a folder in use refused without --force, and with it only the earlier run's own files replaced."""

from __future__ import annotations

import pytest

from osloreg.services.base import SYSTEM
from osloreg.services.documents import remove_document
from tests.cli_runner import postgres_url, runner
from tests.publication_world import CLOSED_CASE, DRAFT_MINUTES, PUBLISHED_MINUTES, build_public_world


@pytest.fixture
def world(session):
    return build_public_world(session)


@pytest.fixture
def publish(engine, tmp_path):
    url = engine.url.render_as_string(hide_password=False)
    run = runner(url if engine.dialect.name == "sqlite" else postgres_url(engine), tmp_path / "var")
    return lambda *args: run("publish", *args)


def test_publish_writes_every_public_page_and_file_and_says_what(world, publish, tmp_path):
    folder = tmp_path / "nettsted"
    done = publish("--output", str(folder))
    assert done.returncode == 0, done.stderr
    assert "2 front pages" in done.stdout and "files" in done.stdout and f"to {folder}" in done.stdout
    meeting = (folder / "mote" / f"{world.held}.html").read_text(encoding="utf-8")
    assert "Unntatt offentlighet" in meeting and CLOSED_CASE not in meeting and DRAFT_MINUTES not in meeting
    assert (folder / "en" / "mote" / f"{world.held}.html").is_file()
    assert not (folder / "mote" / f"{world.group_meeting}.html").exists()
    published = (folder / "mote" / f"{world.published}.html").read_text(encoding="utf-8")
    assert PUBLISHED_MINUTES in published
    files = list((folder / "filer").rglob("*.pdf"))
    assert sorted(path.parent.name for path in files) == sorted(
        [str(world.public_document), str(world.published_minutes)]
    )


def test_a_folder_in_use_is_refused_without_force(world, publish, tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "min-side.html").write_text("mitt eget", encoding="utf-8")
    refused = publish("--output", str(folder))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["min-side.html"]


def test_force_replaces_only_what_an_earlier_publish_wrote(world, publish, session, tmp_path):
    folder = tmp_path / "www"
    assert publish("--output", str(folder)).returncode == 0
    minutes = folder / "filer" / str(world.published_minutes)
    assert minutes.is_dir()
    (folder / "min-side.html").write_text("mitt eget", encoding="utf-8")
    (folder / "mote" / "notat.txt").write_text("mitt eget", encoding="utf-8")
    remove_document(
        session, actor=SYSTEM, document_id=world.published_minutes, expected_version=1, reason="Feil fil"
    )
    again = publish("--output", str(folder), "--force")
    assert again.returncode == 0, again.stderr
    assert "1 files of an earlier publish removed" in again.stdout
    assert not minutes.exists()  # withdrawn: gone from the site, its folder too
    assert (folder / "min-side.html").read_text(encoding="utf-8") == "mitt eget"
    assert (folder / "mote" / "notat.txt").read_text(encoding="utf-8") == "mitt eget"
    assert PUBLISHED_MINUTES not in (folder / "mote" / f"{world.published}.html").read_text(encoding="utf-8")


def test_an_output_that_is_a_file_is_refused(world, publish, tmp_path):
    target = tmp_path / "fil.html"
    target.write_text("x", encoding="utf-8")
    refused = publish("--output", str(target), "--force")
    assert refused.returncode == 1 and "not a folder" in refused.stderr
    assert target.read_text(encoding="utf-8") == "x"
