"""Clicks that feel instant, on a real `streamlit run` server spoken to over its websocket (tests/wire.py,
no browser): no garbage collection after every run, one full run for a login, no cache clearing by a
client."""

from __future__ import annotations

import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest

from osloreg import i18n, server_options
from tests import wire
from tests.browser.helpers import DEMO_PASSWORD, REPO_ROOT, demo_user, streamlit_server

GC_VARIABLE = "STREAMLIT_RUNNER_POST_SCRIPT_GC"


def _advice_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "configuration advice" in line]


@pytest.mark.timeout(180)
def test_the_running_server_runs_without_a_garbage_collection_after_every_run(
    browser_database, tmp_path, figures
):
    """config.toml switches Streamlit's post-run collection off; the running server reads its own
    value and says in the log when something (here the environment) switches it back on."""
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
    logs = {}
    for name, env in (("config.toml", {}), ("environment on", {GC_VARIABLE: "true"})):
        with streamlit_server(browser_database, tmp_path / name.replace(" ", "-"), env=env) as server:
            with wire.Session(server.url) as session:
                loaded, _ = wire.load(session)
                assert loaded.find("text_input", label="Brukernavn")  # app.py ran
            logs[name] = server.log_tail(200_000)
    assert _advice_lines(logs["config.toml"]) == [], logs["config.toml"][-2000:]
    advice = _advice_lines(logs["environment on"])
    assert len(advice) == 1, logs["environment on"][-2000:]  # once per process, not per run
    assert "Streamlit runner.postScriptGC = true: advised: false" in advice[0]
    assert GC_VARIABLE in advice[0] and "Traceback" not in logs["environment on"]
    figures.record(
        "postScriptGC: config.toml false, server silent; environment true, server logs advice once"
    )


def test_post_script_gc_on_is_advised_against_but_not_refused():
    """A setting that costs speed: check-config shows why, production still starts."""
    values = {req.option: req.wanted == "true" for req in server_options.REQUIREMENTS}
    values |= {"client.showErrorDetails": "none", "server.maxUploadSize": 5, "runner.postScriptGC": True}
    findings = {finding.requirement.option: finding for finding in server_options.check(values.get)}
    gc = findings["runner.postScriptGC"]
    assert gc.ok and gc.advised and not gc.allowed
    assert "advised: false" in gc.text and GC_VARIABLE in gc.text
    assert [finding.requirement.option for finding in findings.values() if not finding.ok] == []
    # The safety settings still refuse.
    values["server.enableXsrfProtection"] = False
    refused = [finding for finding in server_options.check(values.get) if not finding.ok]
    assert [finding.requirement.option for finding in refused] == ["server.enableXsrfProtection"]
    assert not refused[0].advised and "production needs true" in refused[0].text


def _login(server_url: str, role: str) -> tuple[wire.Session, wire.Run, wire.Run | None]:
    session = wire.Session(server_url)
    _, last = wire.load(session)
    done, report = wire.log_in(session, demo_user(role), DEMO_PASSWORD, after=last)
    return session, done, report


@pytest.mark.timeout(180)
def test_a_client_that_has_not_logged_in_cannot_clear_the_servers_caches(browser_database, tmp_path, figures):
    """A coordinator has a project open (its detail is cached). The title changes in the database
    behind the app's back, so only an emptied cache would show the new one. A client that has not
    logged in sends Streamlit's `clear_cache`: the coordinator's next run still shows the cached
    title, and the coordinator is still logged in."""
    database = tmp_path / "osloreg.sqlite3"
    shutil.copyfile(browser_database.removeprefix("sqlite:///"), database)
    project_id, title = _a_project(database)
    with streamlit_server(f"sqlite:///{database}", tmp_path / "var") as server:
        coordinator, _, _ = _login(server.url, "coordinator")
        with coordinator:
            opened = coordinator.run(page="pipeline", query=f"project={project_id}")
            assert title in opened.texts()
            with sqlite3.connect(database) as db:
                db.execute("UPDATE projects SET title = ? WHERE id = ?", (f"{title} omdøpt", project_id))
            with wire.Session(server.url) as stranger:
                wire.load(stranger)
                stranger.clear_cache()
                # The message is handled in order: a run asked for after it ends after it.
                after = stranger.run()
                assert after.find("text_input", label="Brukernavn")
            again = coordinator.run()
            assert title in again.texts() and f"{title} omdøpt" not in again.texts()
            assert not again.find("text_input", label="Brukernavn")  # still logged in
        log = server.log_tail(200_000)
    assert "a client asked to clear the server's caches: refused" in log, log[-2000:]
    figures.record("clear_cache from a client without login: refused, cached project title kept, login kept")


def _a_project(database: Path) -> tuple[int, str]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT id, title FROM projects WHERE status = 'ongoing' ORDER BY id").fetchone()


@pytest.mark.timeout(180)
def test_choosing_a_projects_next_status_reruns_only_the_status_part(browser_database, tmp_path, figures):
    """In the project's "Endre" tab, choosing the next status and writing the note change only the
    status part (a fragment run, no page drawn again); saving reruns the whole page, whose header
    then shows the new status."""
    database = tmp_path / "osloreg.sqlite3"
    shutil.copyfile(browser_database.removeprefix("sqlite:///"), database)
    project_id, _ = _a_project(database)
    paused = i18n.translate("project_status.paused", "nb")
    with streamlit_server(f"sqlite:///{database}", tmp_path / "var") as server:
        session, _, _ = _login(server.url, "coordinator")
        with session:
            opened = session.run(page="pipeline", query=f"project={project_id}")
            tabs = [block for block in opened.blocks if block.kind == "tab_container"][0]
            edit = i18n.translate("project.tab.edit", "nb")
            shown = session.run(widgets=[wire.WidgetState(id=tabs.proto.id, string_value=edit)])
            control = [
                c for c in shown.find("button_group") if c.label == i18n.translate("project.status.to", "nb")
            ]
            # The browser asks for a run of the fragment the clicked widget is drawn in, if any.
            assert control[0].fragment_id, "the status choice is drawn in the page, not a fragment"
            chosen = session.run(
                widgets=[wire.choice(control[0].proto.id, paused)], fragment_id=control[0].fragment_id
            )
            assert chosen.full_runs == 0 and not chosen.find("metric"), chosen.statuses
            note = chosen.find("text_area", label=i18n.translate("field.status_note", "nb"))[0]
            session.widgets[note.proto.id] = wire.text(note.proto.id, "Venter på finansiering")
            save = chosen.find("button", label=i18n.translate("project.status.save", "nb"))[0]
            saved = session.run(widgets=[wire.trigger(save.proto.id)], fragment_id=save.fragment_id)
            assert saved.full_runs == 1, saved.statuses
            status = [m for m in saved.find("metric") if m.label == i18n.translate("field.status", "nb")]
            assert [m.proto.body for m in status][-1:] == [paused]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT status FROM projects WHERE id = ?", (project_id,)).fetchone() == ("paused",)
    figures.record(
        f"status choice: fragment run {chosen.seconds * 1000:.0f} ms, {chosen.bytes} bytes; "
        f"save: {saved.seconds * 1000:.0f} ms, whole page"
    )
