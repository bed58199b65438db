"""The pipeline page (Prosjekter) in AppTest: the list and its filters, a project opened from it, the
coordinator's editors (new project, status, details with the conflict case, checkpoints), read-only
members and viewers, export, strategy coverage, hostile text."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import AdviceState, CheckpointKind, Outcome, ProjectStatus, UnitKind
from osloreg.models import (
    AuditEvent,
    Milestone,
    Project,
    ProjectCheckpoint,
    ProjectPartner,
    ProjectPoint,
    ProjectStatusChange,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    User,
)
from osloreg.queries.projects import PipelineFilters
from osloreg.services.base import Actor
from osloreg.services.projects import update_project
from osloreg.ui.projects import loaders as project_loaders
from osloreg.ui.projects import pipeline as pipeline_view
from tests.factories import (
    make_advice,
    make_body,
    make_decision,
    make_input,
    make_person,
    make_project,
    make_unit,
)
from tests.pages.conftest import ROLE_USERS, add_users, ok, page_test

PAGE = "pages/pipeline.py"
GROUP = "Faggruppe for næringssamarbeid"
HOSTILE = "<script>alert(1)</script> og [klikk](javascript:alert(1))"


def _world(engine: Engine) -> None:
    """Four projects in two groups: one ongoing that needs attention (late milestone, never quality-
    assured, informed after it started), one planned, one completed, one idea; strategy points 3.1
    to 3.3 (3.3 with only a completed project); advice decided on the ongoing one."""
    day = today()
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        make_unit(session, name="Follorådet", kind=UnitKind.SUB_REGION)
        group = make_body(session, name=GROUP)
        other = make_body(session, name="Faggruppe for areal og transport")
        kari = make_person(session, name="Kari Eier")
        period = StrategyPeriod(name="Strategiske føringer 2021–2024", start_year=2021, end_year=2024)
        area = StrategyArea(period=period, number=3, name="Konkurransekraft og attraktivitet")
        points = [StrategyPoint(area=area, number=n, text=f"Mål nummer {n}") for n in (1, 2, 3)]
        session.add_all([period, area, *points])
        session.flush()
        talent = make_project(
            session,
            title="Oslo Talent Pool",
            status=ProjectStatus.ONGOING,
            body=group,
            owner=kari,
            start_on=day - dt.timedelta(days=200),
            end_on=day + dt.timedelta(days=500),
            progress=40,
        )
        session.add_all(
            [
                ProjectPartner(project_id=talent.id, unit_id=oslo.id),
                ProjectPoint(project_id=talent.id, point_id=points[1].id),
                Milestone(project_id=talent.id, title="Delrapport", due_on=day - dt.timedelta(days=10)),
                Milestone(project_id=talent.id, title="Sluttrapport", due_on=day + dt.timedelta(days=300)),
                ProjectCheckpoint(
                    project_id=talent.id, kind=CheckpointKind.INFORMED, on_date=day - dt.timedelta(days=100)
                ),
            ]
        )
        planned = make_project(
            session,
            title="Team Oslo",
            status=ProjectStatus.PLANNED,
            body=group,
            start_on=day + dt.timedelta(days=30),
            description=HOSTILE,
        )
        session.add(ProjectPoint(project_id=planned.id, point_id=points[0].id))
        done = make_project(
            session, title="Oslopolitan", status=ProjectStatus.COMPLETED, body=other, progress=100
        )
        session.add(ProjectPoint(project_id=done.id, point_id=points[2].id))
        make_project(session, title="Restart Osloregionen", status=ProjectStatus.IDEA, body=group)
        advice = make_advice(
            session, body=group, state=AdviceState.SUBMITTED, title="Råd om talentsatsingen", subject=talent
        )
        make_decision(
            session, advice=advice, outcome=Outcome.PARTLY_FOLLOWED, rationale="Delvis i budsjettet"
        )
        make_input(session, body=group, author=kari, unit=oslo, subject=talent, text="Satse på talent")
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


# --- Helpers ----------------------------------------------------------------------------------------


def _run(username: str, project: int | None = None):
    at = page_test(PAGE, username=username)
    if project is not None:
        at.query_params["project"] = str(project)
    at.run()
    ok(at)
    return at


def _texts(at) -> str:
    kinds = ("title", "markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def _tab(at, key: str, label: str) -> None:
    at.session_state[key] = label
    at.run()
    ok(at)


def _tabs(at) -> list[str]:
    return [tab.label for tab in at.tabs]


def _project_id(engine: Engine, title: str) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(Project.id).where(Project.title == title))


def _project(engine: Engine, title: str) -> Project:
    with read_session(engine) as session:
        return session.scalar(sa.select(Project).where(Project.title == title))


def _list_titles(at) -> list[str]:
    return list(at.dataframe[0].value["title"])


# --- The list ---------------------------------------------------------------------------------------


def test_the_list_counts_per_status_and_only_coordinators_get_a_new_project_tab(world):
    at = _run("koordinator")
    assert "Prosjekter (4)" in _texts(at)
    assert _tabs(at) == ["Prosjekter", "Tidslinje", "Strategidekning", "Til oppfølging", "Nytt prosjekt"]
    # In the pipeline's order: idea, planned, ongoing, completed.
    assert _list_titles(at) == ["Restart Osloregionen", "Team Oslo", "Oslo Talent Pool", "Oslopolitan"]
    viewer = _run("leser")
    assert "Nytt prosjekt" not in _tabs(viewer)
    assert "koordinatorer registrerer og endrer prosjekter" in _texts(viewer)
    assert [b.label for b in viewer.get("download_button")] == ["Last ned Excel", "Last ned CSV"]


def test_the_filters_narrow_the_list_and_clearing_them_shows_all_again(world):
    at = _run("leser")
    at.multiselect(key="pipeline_f_statuses").set_value([ProjectStatus.ONGOING]).run()
    assert _list_titles(at) == ["Oslo Talent Pool"] and "Prosjekter (1)" in _texts(at)
    at.multiselect(key="pipeline_f_statuses").set_value([]).run()
    at.text_input(key="pipeline_f_search").input("POLITAN").run()
    assert _list_titles(at) == ["Oslopolitan"]
    at.text_input(key="pipeline_f_search").input("").run()
    point = at.selectbox(key="pipeline_f_point")
    point.select(next(option for option in point.options if option.startswith("3.2"))).run()
    assert _list_titles(at) == ["Oslo Talent Pool"]
    assert "Flere filtre (1 i bruk)" in [expander.label for expander in at.expander]
    _button(at, "Nullstill filtrene").click()
    at.run()
    assert len(_list_titles(at)) == 4


def test_choosing_a_project_opens_it_and_back_returns_to_the_filtered_list(world):
    at = _run("medlem")
    at.multiselect(key="pipeline_f_statuses").set_value([ProjectStatus.ONGOING, ProjectStatus.PLANNED]).run()
    table = at.dataframe[0]
    position = list(table.value["title"]).index("Oslo Talent Pool")
    at.session_state[table.key] = {"selection": {"rows": [position], "columns": [], "cells": []}}
    at.run()
    ok(at)
    assert at.query_params["project"] == str(_project_id(world, "Oslo Talent Pool"))
    assert at.title[0].value == "Oslo Talent Pool"
    _button(at, "Tilbake til prosjektene").click()
    at.run()
    ok(at)
    assert "project" not in at.query_params
    assert set(_list_titles(at)) == {"Oslo Talent Pool", "Team Oslo"}  # the filter is kept


def test_needs_attention_lists_the_project_and_says_why(world):
    at = _run("koordinator")
    _tab(at, "pipeline_tab", "Til oppfølging")
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Ikke kvalitetssikret"] == "1"
    assert metrics["Startet før faggruppen ble orientert"] == "1"
    assert metrics["Milepæler over fristen"] == "1"
    frame = at.dataframe[0].value
    assert list(frame["title"]) == ["Oslo Talent Pool"]
    assert "Milepæler over fristen" in frame["why"][0] and "Ikke kvalitetssikret" in frame["why"][0]


def test_strategy_coverage_highlights_a_point_with_no_active_project_and_the_timeline_draws(world):
    at = _run("leser")
    _tab(at, "pipeline_tab", "Strategidekning")
    assert "1 delmål uten planlagte eller pågående prosjekter: 3\\.3." in [w.value for w in at.warning]
    coverage = next(frame.value for frame in at.dataframe if "point" in frame.value)
    assert list(coverage["point"]) == ["3.1", "3.2", "3.3"]
    assert list(coverage["no_active"]) == [False, False, True]
    _tab(at, "pipeline_tab", "Tidslinje")
    assert len(at.get("plotly_chart")) == 1  # planned and ongoing projects with a start date


def test_the_export_has_a_summary_and_a_sheet_per_status_of_what_is_filtered(world):
    options = project_loaders.pipeline_options()
    filters = PipelineFilters(statuses=(ProjectStatus.ONGOING, ProjectStatus.PLANNED))
    workbook = openpyxl.load_workbook(
        io.BytesIO(pipeline_view.export_file(filters, options, kind="xlsx", today=today())())
    )
    assert workbook.sheetnames == [
        "Sammendrag",
        "Idé",
        "Planlagt",
        "Pågår",
        "Fullført",
        "På pause",
        "Avbrutt",
    ]
    ongoing = list(workbook["Pågår"].values)
    assert ongoing[0][0] == "Tittel" and [row[0] for row in ongoing[1:]] == ["Oslo Talent Pool"]
    summary = {row[0]: row[1] for row in workbook["Sammendrag"].values}
    assert summary["Totalt"] == 2 and summary["Status"] == "Pågår, Planlagt"
    csv = pipeline_view.export_file(filters, options, kind="csv", today=today())().decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Tittel;Status;Faggruppe") and "Oslopolitan" not in csv


# --- One project -------------------------------------------------------------------------------------


def test_the_project_shows_where_it_stands_and_what_needs_attention(world):
    at = _run("medlem", project=_project_id(world, "Oslo Talent Pool"))
    assert at.title[0].value == "Oslo Talent Pool"
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Status"] == "Pågår" and metrics["Fremdrift"] == "40 %"
    warnings = [w.value for w in at.warning]
    assert "Prosjektet pågår, men faggruppen har ikke kvalitetssikret innholdet." in warnings
    assert any("startet før faggruppen ble orientert" in w for w in warnings)
    texts = _texts(at)
    assert "Oslo kommune" in texts and "3\\.2 Mål nummer 2" in texts  # shown literally: 3.2
    # The world's delmål are made up (basis illustrative): the project says so beside the delmål.
    assert "- 3\\.2 Mål nummer 2 – Kilde\\: fiktiv \\(demo\\)" in texts
    assert "Endre" not in _tabs(at) and "Du kan lese; koordinatorer endrer prosjektet." in texts
    _tab(at, "project_tab", "Milepæler")
    milestones = at.dataframe[0].value
    assert list(milestones["state_text"]) == ["Over fristen", "Ikke forfalt"]
    _tab(at, "project_tab", "Faggruppens sjekkpunkter")
    assert "**○ Innhold kvalitetssikret**: ikke registrert" in _texts(at)
    assert not at.expander  # no editors for a member
    _tab(at, "project_tab", "Innspill og råd")
    advice = at.dataframe[0].value
    assert list(advice["result"]) == ["Delvis fulgt"] and list(advice["rationale"]) == ["Delvis i budsjettet"]
    assert list(at.dataframe[1].value["text"]) == ["Satse på talent"]


def test_a_project_that_does_not_exist_says_so(world):
    at = _run("leser", project=99999)
    assert "Fant ikke prosjektet" in _texts(at) and not at.dataframe


def test_hostile_text_in_a_description_is_shown_as_text(world):
    at = _run("leser", project=_project_id(world, "Team Oslo"))
    shown = [m.value for m in at.markdown if "alert(1)" in m.value]
    assert shown
    for value in shown:
        assert "<script" not in value and "](javascript" not in value.replace("\\", "")


# --- Coordinators' editors ---------------------------------------------------------------------------


def test_a_coordinator_registers_a_project_and_lands_on_it(world):
    at = _run("koordinator")
    _tab(at, "pipeline_tab", "Nytt prosjekt")
    at.text_input(key="project_new_title").input("Næringsliv i Follo")
    at.segmented_control(key="project_new_initial_status").set_value(ProjectStatus.PLANNED)
    at.slider(key="project_new_progress").set_value(10)
    _button(at, "Registrer prosjektet").click()
    at.run()
    ok(at)
    assert "Prosjektet «Næringsliv i Follo» er registrert." in [s.value for s in at.success]
    assert at.title[0].value == "Næringsliv i Follo"
    project = _project(world, "Næringsliv i Follo")
    assert (project.status, project.progress) == (ProjectStatus.PLANNED, 10)
    assert at.query_params["project"] == str(project.id)


def test_a_coordinator_moves_a_project_on_and_a_note_is_required(world):
    at = _run("koordinator", project=_project_id(world, "Oslo Talent Pool"))
    _tab(at, "project_tab", "Endre")
    at.segmented_control(key=f"project_status_{_project_id(world, 'Oslo Talent Pool')}_to_status").set_value(
        ProjectStatus.PAUSED
    )
    _button(at, "Endre status").click()
    at.run()
    assert "Feltet «Merknad til statusendringen» må fylles ut." in [e.value for e in at.error]
    assert _project(world, "Oslo Talent Pool").status == ProjectStatus.ONGOING
    next(area for area in at.text_area if area.key.endswith("_note")).input("Venter på finansiering")
    _button(at, "Endre status").click()
    at.run()
    ok(at)
    assert "Statusen er endret til «På pause»." in [s.value for s in at.success]
    with read_session(world) as session:
        change = session.scalars(
            sa.select(ProjectStatusChange).order_by(ProjectStatusChange.id.desc())
        ).first()
        assert (change.from_status, change.to_status, change.note) == (
            "ongoing",
            "paused",
            "Venter på finansiering",
        )


def test_two_coordinators_saving_the_same_project_the_second_sees_what_changed_and_nothing_is_lost(world):
    project_id = _project_id(world, "Oslo Talent Pool")
    at = _run("koordinator", project=project_id)
    _tab(at, "project_tab", "Endre")
    at.text_input(key=f"project_{project_id}_title").input("Min tittel")
    with read_session(world) as session:  # a colleague saves the same project first
        colleague = Actor.of(session.scalar(sa.select(User).where(User.username == "admin")))
        project = session.get(Project, project_id)
        version, start_on, end_on = project.version, project.start_on, project.end_on
    with read_session(world) as session:
        update_project(
            session,
            actor=colleague,
            project_id=project_id,
            expected_version=version,
            title="Kollegaens tittel",
            progress=55,
            start_on=start_on,
            end_on=end_on,
        )
    _button(at, "Lagre endringene").click()
    at.run()
    ok(at)
    assert "Noen andre har endret dette" in "\n".join(e.value for e in at.error)
    # Named: the title, which both changed; not the progress, which only the colleague changed.
    warned = "\n".join(w.value for w in at.warning)
    assert "Dere har begge endret Tittel." in warned and "Fremdrift" not in warned
    assert "**Tittel**: Kollegaens tittel" in _texts(at)
    assert at.text_input(key=f"project_{project_id}_title").value == "Min tittel"  # what was typed stays
    progress = next(s for s in at.slider if s.key and s.key.startswith(f"project_{project_id}_progress"))
    assert progress.value == 55  # the form now holds the colleague's progress, not what it was opened with
    assert _project(world, "Kollegaens tittel").progress == 55  # the colleague's save is intact
    _button(at, "Lagre endringene").click()  # seen the changes: save over the title
    at.run()
    ok(at)
    assert "Endringene er lagret." in [s.value for s in at.success]
    assert _project(world, "Min tittel").progress == 55  # their progress is not written back over


def test_an_end_before_the_start_is_refused_and_the_form_keeps_its_values(world):
    project_id = _project_id(world, "Oslo Talent Pool")
    at = _run("koordinator", project=project_id)
    _tab(at, "project_tab", "Endre")
    at.date_input(key=f"project_{project_id}_end_on").set_value(today() - dt.timedelta(days=365))
    at.text_input(key=f"project_{project_id}_title").input("Ny tittel")
    _button(at, "Lagre endringene").click()
    at.run()
    ok(at)
    assert "Sluttdatoen kan ikke være før startdatoen." in [e.value for e in at.error]
    assert at.text_input(key=f"project_{project_id}_title").value == "Ny tittel"
    assert _project(world, "Oslo Talent Pool") is not None  # nothing saved


def test_recording_the_quality_check_clears_the_warning_and_shows_in_the_history(world):
    project_id = _project_id(world, "Oslo Talent Pool")
    at = _run("koordinator", project=project_id)
    _tab(at, "project_tab", "Faggruppens sjekkpunkter")
    at.date_input(key=f"checkpoint_{project_id}_quality_assured_on_date").set_value(today())
    next(b for b in at.button if b.key == f"checkpoint_{project_id}_quality_assured_save").click()
    at.run()
    ok(at)
    assert "«Innhold kvalitetssikret» er registrert." in [s.value for s in at.success]
    assert "Prosjektet pågår, men faggruppen har ikke kvalitetssikret innholdet." not in [
        w.value for w in at.warning
    ]
    _tab(at, "project_tab", "Endringslogg")
    history = at.dataframe[0].value
    assert list(history["what"]) == ["Sjekkpunkt registrert"] and list(history["actor"]) == ["koordinator"]
    assert "Sjekkpunkt: – → Innhold kvalitetssikret" in history["details"][0]
    with read_session(world) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) >= 1


def test_the_page_speaks_english_when_asked(world):
    at = page_test(PAGE, username="leser")
    at.session_state["language"] = "en"
    at.run()
    ok(at)
    assert at.title[0].value == "Projects" and "Projects (4)" in _texts(at)
    assert _list_titles(at)[0] == "Restart Osloregionen"
    assert list(at.dataframe[0].value["status_text"])[:2] == ["Idea", "Planned"]


def test_a_coordinator_adds_a_milestone_then_marks_the_late_one_done(world):
    project_id = _project_id(world, "Oslo Talent Pool")
    at = _run("koordinator", project=project_id)
    _tab(at, "project_tab", "Milepæler")
    assert "1 milepæl(er) er over fristen." in [w.value for w in at.warning]
    at.text_input(key=f"milestone_new_{project_id}_title").input("Seminar")
    _button(at, "Legg til milepæl").click()
    at.run()
    assert "Feltet «Frist» må fylles ut." in [e.value for e in at.error]  # the due date is required
    assert at.text_input(key=f"milestone_new_{project_id}_title").value == "Seminar"
    at.date_input(key=f"milestone_new_{project_id}_due_on").set_value(today() + dt.timedelta(days=60))
    _button(at, "Legg til milepæl").click()
    at.run()
    ok(at)
    assert "Milepælen er lagt til." in [s.value for s in at.success]
    assert list(at.dataframe[0].value["title"]) == ["Delrapport", "Seminar", "Sluttrapport"]
    box = at.selectbox(key=f"milestone_choice_{project_id}")
    box.select(next(option for option in box.options if option and option.endswith("Delrapport"))).run()
    late = next(
        field
        for field in at.date_input
        if field.key and field.key.endswith("_done_on") and "new" not in field.key
    )
    late.set_value(today())
    _button(at, "Lagre milepælen").click()
    at.run()
    ok(at)
    assert "Milepælen er lagret." in [s.value for s in at.success]
    assert not any("over fristen" in w.value for w in at.warning)
    with read_session(world) as session:
        done = session.scalar(sa.select(Milestone.done_on).where(Milestone.title == "Delrapport"))
        assert done == today()
