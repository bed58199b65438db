"""What a meeting's innkalling and protokoll say, read in a few queries and put in words (no layout)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import BodyKind, ProtocolApproval
from osloreg.i18n import DEFAULT_LANGUAGE, case_label, case_result, format_date, format_datetime, translate
from osloreg.models import (
    AgendaItem,
    Body,
    CaseNumber,
    Consultation,
    Document,
    Meeting,
    MinutesApproval,
    MinutesSigner,
    Person,
)
from osloreg.papers.model import (
    Attendee,
    Group,
    Header,
    Item,
    Line,
    MeetingNotFound,
    MinutesContent,
    NoticeContent,
    Presence,
)
from osloreg.papers.presence import presence
from osloreg.papers.reads import AgendaRow, MeetingRow, agenda_rows, meeting_row, recommendations
from osloreg.queries import case_numbers
from osloreg.queries.documents import SENT_KINDS, owned_by

__all__ = [
    "Attendee",
    "Group",
    "Header",
    "Item",
    "Line",
    "MeetingNotFound",
    "MinutesContent",
    "NoticeContent",
    "Presence",
    "minutes_content",
    "notice_content",
    "vote_words",
]

# Bodies that number the cases of each meeting's agenda ("Sak 2", no year) rather than in a yearly series.
PER_MEETING_NUMBERING = {BodyKind.COORDINATION_GROUP, BodyKind.EXPERT_GROUP, BodyKind.SECRETARIAT}


def _header(meeting: MeetingRow, kind_key: str, language: str) -> Header:
    def t(key: str, **params: object) -> str:
        return translate(key, language, **params)

    kind = t(kind_key)
    day = format_date(meeting.starts_at, language)
    when = format_datetime(meeting.starts_at, language)
    if meeting.ends_at is not None:
        same_day = meeting.ends_at.date() == meeting.starts_at.date()
        end = meeting.ends_at.strftime("%H:%M") if same_day else format_datetime(meeting.ends_at, language)
        when = f"{when}–{end}"
    facts = [Line(t("papers.body"), meeting.body)]
    if meeting.title:
        facts.append(Line(t("papers.meeting"), meeting.title))
    facts.append(Line(t("papers.time"), when))
    facts.append(Line(t("papers.place"), meeting.place or t("papers.place_unknown")))
    title = t("papers.title", paper=kind, body=meeting.body, day=day)
    return Header(language, kind, title, tuple(facts), t("papers.agenda"))


def _number(meeting: MeetingRow, row: AgendaRow, language: str) -> str | None:
    """The case's number in this body ("Sak 48/20"); an administrative group's cases by their place on
    the meeting's agenda ("Sak 3"); None for a heading."""
    if row.case_id is None:
        return None
    if row.number is not None and row.year is not None:
        return translate("papers.case_number", language, number=case_label(row.number, row.year))
    if meeting.body_kind in PER_MEETING_NUMBERING:
        return translate("papers.case_number", language, number=row.position)
    return translate("papers.unnumbered", language)


def _title(row: AgendaRow, language: str = DEFAULT_LANGUAGE) -> str:
    """The item's title; for an item behind closed doors only "Unntatt offentlighet" and its basis: an
    innkalling and a protokoll are public documents (rules.publication), the members read the case
    itself in the app."""
    if row.closed_basis:
        return translate("papers.closed_item", language, basis=row.closed_basis)
    return (row.title if row.case_id is not None else row.heading) or ""


def _is(row: AgendaRow, words: str) -> bool:
    return _title(row).strip().casefold().startswith(words.casefold())


def _present(text: str | None) -> bool:
    return bool(text and text.strip())


def notice_content(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> NoticeContent:
    """The innkalling: the meeting, the saksliste (opening with the approval of the innkalling and
    saksliste and ending with Eventuelt, added as unnumbered lines where the agenda has no such
    item), each case with its number in this body, saksansvarlig, forslag til vedtak and the
    innstilling another body gave before the meeting; the documents of the meeting, its items and
    their cases (public ones; exempt ones counted)."""

    def t(key: str, **params: object) -> str:
        return translate(key, language, **params)

    meeting = meeting_row(session, meeting_id)
    rows = agenda_rows(session, meeting)
    given = recommendations(session, meeting, [row.case_id for row in rows if row.case_id])
    items: list[Item] = []
    # The agenda's own headings are in Norwegian whatever the paper's language.
    if not any(_is(row, "Godkjenning av innkalling") for row in rows):
        items.append(Item(None, t("papers.opening")))
    for row in rows:
        lines = []
        if row.case_id is not None and not row.closed_basis:
            if _present(row.officer):
                lines.append(Line(t("papers.officer"), row.officer or ""))
            if _present(row.proposed_decision):
                lines.append(Line(t("papers.proposal"), row.proposed_decision or ""))
            if row.case_id in given:
                body, text = given[row.case_id]
                lines.append(Line(t("papers.recommendation", body=body), text))
        items.append(Item(_number(meeting, row, language), _title(row, language), tuple(lines)))
    if not any(_is(row, "Eventuelt") for row in rows):
        items.append(Item(None, t("papers.any_other_business")))
    documents, exempt = _documents(session, meeting, rows, language)
    if not documents and not exempt:
        note = t("papers.no_documents")
    else:
        note = t("papers.exempt_documents", count=exempt) if exempt else ""
    header = _header(meeting, "papers.notice", language)
    return NoticeContent(header, tuple(items), t("papers.documents"), tuple(documents), note)


def _documents(
    session: Session, meeting: MeetingRow, rows: list[AgendaRow], language: str
) -> tuple[list[str], int]:
    """The documents sent with the innkalling, in agenda order (the meeting's own first), and how
    many exempt ones were left out: one query."""
    found = session.execute(
        sa.select(
            Document.id,
            Document.kind,
            Document.title,
            Document.exempt_basis,
            Document.meeting_id,
            Document.agenda_item_id,
            sa.func.coalesce(Document.case_id, Consultation.case_id).label("case_id"),
        )
        .outerjoin(Consultation, Consultation.id == Document.consultation_id)
        .where(
            owned_by(meeting_id=meeting.id, agenda_item_id=None, case_id=None, consultation_id=None),
            Document.removed_at.is_(None),
            Document.kind.in_(SENT_KINDS),
        )
        .order_by(Document.created_at, Document.id)
    ).all()
    place = {("item", row.item_id): index for index, row in enumerate(rows)}
    place.update({("case", row.case_id): index for index, row in enumerate(rows) if row.case_id is not None})
    numbers = {
        index: _number(meeting, row, language) or _title(row, language) for index, row in enumerate(rows)
    }
    closed = {index for index, row in enumerate(rows) if row.closed_basis}
    listed: list[tuple[int, int, str]] = []
    exempt = 0
    for doc in found:
        index = -1 if doc.meeting_id is not None else place.get(("item", doc.agenda_item_id))
        if index is None:
            index = place.get(("case", doc.case_id), len(rows))
        if doc.exempt_basis or index in closed:  # a closed item's documents are counted, never named
            exempt += 1
            continue
        where = translate("papers.meeting_documents", language) if index < 0 else numbers.get(index, "")
        kind = translate(f"papers.document_kind.{doc.kind}", language)
        listed.append((index, doc.id, f"{where} – {kind}: {doc.title}"))
    return [text for _, _, text in sorted(listed)], exempt


def vote_words(
    unanimous: bool | None, votes_for: int | None, votes_against: int | None, language: str = DEFAULT_LANGUAGE
) -> str | None:
    """The vote as the protokoll writes it: "Enstemmig", "7 mot 2 stemmer", "7 stemmer for"; None
    where no vote is recorded."""
    if unanimous:
        return translate("papers.unanimous", language)
    if votes_for is not None and votes_against is not None:
        return translate("papers.votes", language, votes_for=votes_for, votes_against=votes_against)
    if votes_for is not None:
        return translate("papers.votes_for", language, votes_for=votes_for)
    return None


def _decision(row: AgendaRow, language: str) -> str:
    """The item's vedtak: the body's own text, else the result in words, else that none is recorded."""
    if row.case_id is None:
        return row.decision_text if _present(row.decision_text) else ""
    if _present(row.result_text):
        return row.result_text or ""
    if row.result:
        return case_result(row.result, language, deciding=row.authoritative)
    return translate("papers.decision_missing", language)


def minutes_content(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> MinutesContent:
    """The protokoll: møtende medlemmer (with the items a member missed), forfall, møtende
    varamedlemmer and whom they met for, others present, whether the meeting was vedtaksfør; the
    meeting's own protokoll text (kept on the meeting page); each item of the agenda as recorded (no
    item is added: a protokoll records what was treated) with who left it as inhabil, whether the body
    was vedtaksfør in it, its behandling, vote, vedtak and protokolltilførsel; and how the protokoll
    was approved."""

    def t(key: str, **params: object) -> str:
        return translate(key, language, **params)

    meeting = meeting_row(session, meeting_id)
    rows = agenda_rows(session, meeting)
    found = presence(session, meeting, rows, language)
    items = []
    for row in rows:
        lines = []
        if row.closed_basis:  # behind closed doors: neither behandling, vote, vedtak nor remarks
            items.append(Item(_number(meeting, row, language), _title(row, language), (), ()))
            continue
        if _present(row.proceedings):
            lines.append(Line(t("papers.proceedings"), row.proceedings or ""))
        vote = vote_words(row.unanimous, row.votes_for, row.votes_against, language)
        if vote:
            lines.append(Line(t("papers.vote"), vote))
        decision = _decision(row, language)
        if decision:
            lines.append(Line(t("papers.decision"), decision))
        if _present(row.protocol_remarks):
            lines.append(Line(t("papers.remarks"), row.protocol_remarks or ""))
        said = found.by_item.get(row.position, ())
        items.append(Item(_number(meeting, row, language), _title(row, language), tuple(lines), said))
    return MinutesContent(
        header=_header(meeting, "papers.minutes", language),
        attendance=found.groups,
        quorum_label=t("papers.quorum"),
        quorum=found.quorum,
        notes_label=t("papers.notes"),
        notes=meeting.minutes if _present(meeting.minutes) else "",
        items=tuple(items),
        approval_label=t("papers.approval"),
        approval=tuple(_approval(session, meeting, language)),
    )


def _approval(session: Session, meeting: MeetingRow, language: str) -> list[str]:
    approval = session.execute(
        sa.select(MinutesApproval.id, MinutesApproval.method, MinutesApproval.approved_on)
        .add_columns(AgendaItem.position)
        .outerjoin(AgendaItem, AgendaItem.id == MinutesApproval.agenda_item_id)
        .where(MinutesApproval.meeting_id == meeting.id)
    ).one_or_none()
    if approval is None:
        return [translate("papers.approval_pending", language)]
    if approval.method == ProtocolApproval.AT_MEETING:
        later = session.execute(
            sa.select(Body.name, Meeting.body_id, Meeting.starts_at, AgendaItem.case_id, CaseNumber.number)
            .select_from(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(Body, Body.id == Meeting.body_id)
            .join(MinutesApproval, MinutesApproval.agenda_item_id == AgendaItem.id)
            .outerjoin(
                CaseNumber,
                case_numbers.in_meetings_series(Meeting.body_id, sa.extract("year", Meeting.starts_at)),
            )
            .where(MinutesApproval.id == approval.id)
        ).one()
        number = (
            case_label(later.number, later.starts_at.year)
            if later.number is not None
            else str(approval.position)
        )
        return [
            translate(
                "papers.approved_at_meeting",
                language,
                day=approval.approved_on,
                body=later.name,
                meeting_day=later.starts_at.date(),
                item=translate("papers.item_number", language, number=number),
            )
        ]
    signers = session.execute(
        sa.select(Person.name, MinutesSigner.signed_on)
        .join(Person, Person.id == MinutesSigner.person_id)
        .where(MinutesSigner.approval_id == approval.id)
        .order_by(MinutesSigner.signed_on, MinutesSigner.id)
    ).all()
    lines = [translate("papers.approved_by_signers", language, day=approval.approved_on)]
    lines += [translate("papers.signed", language, person=name, day=signed_on) for name, signed_on in signers]
    return lines
