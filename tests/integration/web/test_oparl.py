"""The OParl 1.1 read API over real HTTP, on SQLite and PostgreSQL: every object a client reaches from
/oparl/v1/system is what OParl 1.1 asks, paging visits each meeting once, modified_since follows the audit
trail, the public sees only what the read model publishes, and a token shows more (a bad one gets 401)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from osloreg import clock
from osloreg.models import ApiToken, AuditEvent, Document, Meeting
from osloreg.services.api_tokens import create_api_token, revoke_api_token
from osloreg.services.base import SYSTEM, audit
from osloreg.services.directory import add_membership, update_person
from osloreg.services.documents import remove_document
from osloreg.services.meetings import update_meeting
from tests.conftest import test_settings
from tests.factories import make_meeting
from tests.integration.web.oparl_client import API, get, kinds, read, walk
from tests.integration.web.oparl_world import (
    CLOSED_ATTACHMENT,
    CLOSED_CASE,
    EXEMPT_TITLE,
    GROUP_MEETING,
    build_oparl_world,
)
from tests.oparl_spec import REQUIRED, problems


@pytest.fixture
def world(session):
    return build_oparl_world(session)


@pytest.fixture
def web(serve_web, engine, world):
    return serve_web(test_settings(engine), engine)


@pytest.fixture
def token(session, world) -> str:
    _row, text = create_api_token(session, actor=world.admin, name="Intranett")
    return text


# --- OParl 1.1 --------------------------------------------------------------------------------------------


def test_every_object_reached_from_the_system_is_what_oparl_1_1_asks(web, token):
    public, _ = walk(web)
    assert kinds(public) == set(REQUIRED)  # every type, each checked against the spec on the way
    internal, _ = walk(web, token)
    assert kinds(internal) == set(REQUIRED)
    system = read(web, API + "/system")
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    body = read(web, system["body"].removeprefix(web.url))["data"][0]
    assert body["name"] == "Osloregionen" and body["legislativeTerm"] == []


def test_a_membership_says_who_represents_whom_in_words(web, world):
    membership = read(web, API + "/memberships")["data"][0]
    assert membership["role"] == "Leder" and membership["votingRight"] is True
    unit = read(web, membership["onBehalfOf"])
    assert unit["name"] == "Asker kommune" and unit["classification"] == "Kommune"
    assert read(web, membership["organization"])["name"] == "Styret"
    assert "email" not in read(web, membership["person"])
    # A personal vara: whose, and without a vote of their own.
    vara = next(m for m in read(web, API + "/memberships")["data"] if m["role"] == "Varamedlem")
    assert (
        vara["votingRight"] is False and read(web, vara["osloreg:substituteFor"])["name"] == "Kari Nordmann"
    )


def test_a_membership_says_who_appointed_where_not_the_unit_itself(web, world, token):
    seats = read(web, API + "/memberships", token)["data"]
    ola = next(m for m in seats if "osloreg:appointedBy" in m)
    assert read(web, ola["onBehalfOf"], token)["name"] == "Asker kommune"
    assert read(web, ola["osloreg:appointedBy"], token)["classification"] == "Regionråd"
    assert all("osloreg:appointedBy" not in m for m in read(web, API + "/memberships")["data"])


def test_an_expert_groups_organization_carries_its_coverage_today(web, world, token):
    group = read(web, f"{API}/organization/body-{world.group}", token)
    assert group["classification"] == "Faggruppe" and group["organizationType"] == "Organ"
    coverage = group["osloreg:coverage"]
    # Follorådet through the person it appointed for Asker; Vestregionen by no one.
    assert coverage["expectedUnits"] == 2 and coverage["coveredUnits"] == 1
    assert [read(web, unit, token)["name"] for unit in coverage["uncoveredUnit"]] == ["Vestregionen"]
    assert coverage["leader"] == "unknown"  # no leader ever recorded
    assert get(web, f"{API}/organization/body-{world.group}").status == 404  # not public


def test_an_address_the_api_does_not_have_is_404_in_json(web, world):
    for path in ("/nothing", "/meeting/999", "/meeting/x", "/organization/unit-999", "/body/2", "/a/b/c"):
        answer = get(web, API + path)
        assert answer.status == 404, path
        assert json.loads(answer.body)["error"].startswith("Finnes ikke")


def test_a_file_serves_its_bytes_and_its_sha256(web, world):
    notice = read(web, f"{API}/file/{world.notice_document}")
    answer = get(web, notice["downloadUrl"])
    assert answer.status == 200 and answer.body.startswith(b"%PDF")
    assert len(notice["osloreg:sha256"]) == 64 and notice["size"] == len(answer.body)


# --- What the public sees, and a token ---------------------------------------------------------------------


def test_without_a_token_no_faggruppe_meeting_closed_title_or_exempt_document_appears(web, world):
    seen, everything = walk(web)
    text = everything.decode("utf-8")
    assert GROUP_MEETING not in text and CLOSED_CASE not in text and EXEMPT_TITLE not in text
    assert CLOSED_ATTACHMENT not in text  # a closed item's document is not even listed
    assert "Ola Hemmelig" not in text  # a person only of a faggruppe
    assert get(web, f"{API}/meeting/{world.group_meeting}").status == 404
    assert get(web, f"{API}/paper/{world.closed_case}").status == 404
    closed = [o for o in seen.values() if o["type"].endswith("AgendaItem") and not o["public"]]
    assert [o["name"] for o in closed] == ["Unntatt offentlighet (offl. § 25)"]
    exempt = read(web, f"{API}/file/{world.exempt_document}")
    assert exempt["name"] == "Unntatt offentlighet (offl. § 23)" and "downloadUrl" not in exempt
    assert get(web, exempt["accessUrl"]).status == 403


def test_with_a_token_they_appear_but_exempt_titles_still_not(web, world, token):
    _seen, everything = walk(web, token)
    text = everything.decode("utf-8")
    assert GROUP_MEETING in text and CLOSED_CASE in text and "Ola Hemmelig" in text
    assert CLOSED_ATTACHMENT in text
    assert EXEMPT_TITLE not in text
    assert read(web, f"{API}/meeting/{world.group_meeting}", token)["name"] == GROUP_MEETING


def test_a_revoked_an_expired_or_an_unknown_token_gets_401_never_the_public_answer(
    session, web, world, token
):
    token_id = session.scalar(sa.select(ApiToken.id))
    session.rollback()
    revoke_api_token(session, actor=world.admin, token_id=token_id)
    expiring, text = create_api_token(
        session, actor=world.admin, name="Kort", expires_on=clock.oslo_today() + dt.timedelta(days=1)
    )
    session.execute(
        sa.update(ApiToken).where(ApiToken.id == expiring.id).values(expires_on=dt.date(2020, 1, 1))
    )
    session.commit()
    for bad in (token, text, "ikke-et-token"):
        answer = get(web, API + "/meetings", bad)
        assert answer.status == 401
        assert "Tokenet gjelder ikke" in json.loads(answer.body)["error"]
    assert get(web, API + "/meetings", headers_token := None).status == 200 and headers_token is None


def test_a_token_records_its_last_use(session, web, world, token):
    read(web, API + "/system", token)
    first = session.scalar(sa.select(ApiToken.last_used_at))
    session.rollback()
    read(web, API + "/meetings", token)
    assert first is not None and session.scalar(sa.select(ApiToken.last_used_at)) == first  # once a minute


# --- Paging and filters -------------------------------------------------------------------------------------


def test_paging_visits_every_meeting_once_even_when_one_is_added_between_pages(session, web, world, token):
    for day in range(1, 5):
        make_meeting(session, body=world.board, starts_at=dt.datetime(2026, 4, day, 10))
    session.commit()
    total = session.scalar(sa.select(sa.func.count()).select_from(Meeting))
    session.rollback()
    page = read(web, API + "/meetings?limit=2", token)
    visited = [obj["id"] for obj in page["data"]]
    added = make_meeting(session, body=world.group, starts_at=dt.datetime(2025, 1, 1, 10))  # an older date
    session.commit()
    while "next" in page["links"]:
        page = read(web, page["links"]["next"], token)
        assert len(page["data"]) <= 2
        visited += [obj["id"] for obj in page["data"]]
    assert len(visited) == len(set(visited)) == total + 1
    assert visited[-1].endswith(f"/meeting/{added.id}")


def test_modified_since_returns_exactly_what_the_audit_trail_says_changed(session, web, world, token):
    mark = session.scalar(sa.select(sa.func.max(AuditEvent.at))) + dt.timedelta(microseconds=1)
    meeting = session.get(Meeting, world.board_meeting)
    version, starts = meeting.version, meeting.starts_at
    session.rollback()
    update_meeting(
        session,
        actor=world.admin,
        meeting_id=world.board_meeting,
        expected_version=version,
        starts_at=starts,
        place="Rådhuset",
    )
    people = read(web, API + "/persons")["data"]
    kari = int(people[0]["id"].rsplit("/", 1)[1])
    update_person(session, actor=world.admin, person_id=kari, expected=None, name="Kari Nordmann Berg")
    seat = add_membership(
        session, actor=world.admin, person_id=kari, body_id=world.group, start_on=clock.oslo_today()
    )
    since = quote(mark.replace(tzinfo=dt.UTC).isoformat())
    changed = {
        kind: {
            obj["id"].removeprefix(web.url + API)
            for obj in read(web, f"{API}/{kind}?modified_since={since}", token)["data"]
        }
        for kind in ("meetings", "agendaitems", "persons", "memberships", "organizations", "papers", "files")
    }
    events = session.scalars(sa.select(AuditEvent).where(AuditEvent.at >= mark).order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == ["meeting.update", "person.update", "membership.add"]
    items = {f"/agendaitem/{i}" for i in _item_ids(session, world.board_meeting)}
    assert changed == {
        "meetings": {f"/meeting/{world.board_meeting}"},
        "agendaitems": items,
        "persons": {f"/person/{kari}"},
        "memberships": {f"/membership/{seat.id}"},
        "organizations": {f"/organization/body-{world.group}"},
        "papers": set(),
        "files": set(),
    }
    meeting = read(web, f"{API}/meeting/{world.board_meeting}", token)
    assert meeting["modified"] >= meeting["created"]


def test_an_event_that_rewrites_the_data_changes_every_object(session, web, world, token):
    mark = session.scalar(sa.select(sa.func.max(AuditEvent.at))) + dt.timedelta(microseconds=1)
    since = quote(mark.replace(tzinfo=dt.UTC).isoformat())
    session.rollback()
    assert read(web, f"{API}/meetings?modified_since={since}", token)["data"] == []
    with session.begin():  # as an import does, in the import's own transaction
        audit(session, SYSTEM, action="import.directory", entity="import", entity_id=None, after={"rows": 3})
    every = read(web, f"{API}/meetings", token)["data"]
    assert read(web, f"{API}/meetings?modified_since={since}", token)["data"] == every
    assert len(every) == 2
    until = quote(mark.replace(tzinfo=dt.UTC).isoformat())
    assert read(web, f"{API}/persons?modified_until={until}", token)["data"] == []


def test_a_removed_document_is_listed_as_deleted_under_modified_since_only(session, web, world, token):
    mark = session.scalar(sa.select(sa.func.max(AuditEvent.at))) + dt.timedelta(microseconds=1)
    version = session.get(Document, world.notice_document).version
    session.rollback()
    remove_document(
        session,
        actor=world.admin,
        document_id=world.notice_document,
        expected_version=version,
        reason="Feil fil",
    )
    since = quote(mark.replace(tzinfo=dt.UTC).isoformat())
    for who in (None, token):
        (gone,) = read(web, f"{API}/files?modified_since={since}", who)["data"]
        assert gone["id"].endswith(f"/file/{world.notice_document}") and gone["deleted"] is True
        assert problems(gone) == []
        every = read(web, f"{API}/files", who)["data"]
        assert all(not obj["id"].endswith(f"/file/{world.notice_document}") for obj in every)
    assert read(web, f"{API}/file/{world.notice_document}")["deleted"] is True  # 200, soft delete


def _item_ids(session, meeting_id: int) -> list[int]:
    from osloreg.models import AgendaItem

    ids = list(session.scalars(sa.select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)))
    session.rollback()
    return ids


@pytest.mark.parametrize(
    "query",
    [
        "modified_since=i%20g%C3%A5r",
        "created_until=2026-13-01T00:00:00",
        "created_since=2026-01-01",
        "limit=0",
        "after=x",
    ],
)
def test_a_bad_filter_is_answered_400_in_words(web, world, query):
    answer = get(web, f"{API}/meetings?{query}")
    assert answer.status == 400
    assert json.loads(answer.body)["error"].endswith(".")


def test_a_time_with_its_offset_unencoded_or_in_utc_is_understood(web, world, token):
    for given in ("2000-01-01T00:00:00%2B01:00", "2000-01-01T00:00:00+01:00", "2000-01-01T00:00:00Z"):
        assert len(read(web, f"{API}/meetings?created_since={given}", token)["data"]) == 2


def test_through_the_configured_site_the_urls_are_the_sites(web, engine, world):
    site = test_settings(engine).web_url
    answer = web.request(API + "/system", headers={"Host": site.split("://", 1)[1]})
    assert json.loads(answer.body)["id"] == site + API + "/system"  # https, as the proxy serves it
    # A Host from elsewhere never makes the links (a cached public answer would point at it).
    answer = web.request(API + "/system", headers={"Host": "evil.example"})
    assert json.loads(answer.body)["id"] == site + API + "/system"


def test_an_unchanged_answer_is_304(web, world):
    first = get(web, API + "/meetings")
    again = web.request(API + "/meetings", headers={"If-None-Match": first.header("etag")})
    assert again.status == 304


# --- The read model's batch readers the lists use -----------------------------------------------------


def test_the_batch_readers_give_what_the_one_object_readers_give(session, world):
    from osloreg.queries import publication as pub

    for scope in pub.Scope:
        cases = [world.closed_case, world.open_case, 999]
        batch = pub.case_records(session, case_ids_=cases, scope=scope)
        assert batch == {c: r for c in cases if (r := pub.case_record(session, case_id=c, scope=scope))}
        documents = list(range(1, 6))
        files = pub.file_records(session, document_ids=documents, scope=scope)
        assert files == {
            d: f for d in documents if (f := pub.file_record(session, document_id=d, scope=scope))
        }
    public = pub.case_records(session, case_ids_=[world.closed_case, world.open_case], scope=pub.Scope.PUBLIC)
    assert list(public) == [world.open_case]
