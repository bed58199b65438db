"""The pure rules of what is published (osloreg/rules/publication.py), by behaviour."""

from __future__ import annotations

import pytest

from osloreg.enums import BodyKind, ConsultationRole, DocumentKind, MeetingStatus
from osloreg.rules import publication as rules

M = MeetingStatus


def test_only_styret_and_representantskapet_are_published():
    assert {kind for kind in BodyKind if rules.body_is_public(kind)} == {BodyKind.BOARD, BodyKind.COUNCIL}


def test_the_saksliste_is_out_from_the_innkalling_the_vedtak_once_held_the_protokoll_once_published():
    assert [status for status in M if rules.agenda_is_public(status)] == [
        M.CALLED,
        M.HELD,
        M.APPROVED,
        M.PUBLISHED,
    ]
    assert [status for status in M if rules.results_are_public(status)] == [M.HELD, M.APPROVED, M.PUBLISHED]
    assert [status for status in M if rules.minutes_are_public(status)] == [M.PUBLISHED]


@pytest.mark.parametrize(
    ("kind", "exempt", "removed", "status", "closed", "listed", "open_"),
    [
        (DocumentKind.CASE_PAPER, None, False, M.CALLED, False, True, True),
        (DocumentKind.CASE_PAPER, None, False, M.PLANNED, False, False, False),  # saksliste not out
        (DocumentKind.CASE_PAPER, None, True, M.HELD, False, False, False),  # removed
        (DocumentKind.ATTACHMENT, "offentleglova § 23", False, M.HELD, False, True, False),  # basis only
        (DocumentKind.ATTACHMENT, "offentleglova § 23", False, M.HELD, True, False, False),  # closed item
        (DocumentKind.CASE_PAPER, None, False, M.HELD, True, False, False),
        (DocumentKind.MINUTES, None, False, M.APPROVED, False, False, False),  # a draft until published
        (DocumentKind.MINUTES, None, False, M.PUBLISHED, False, True, True),
    ],
)
def test_how_a_document_appears(kind, exempt, removed, status, closed, listed, open_):
    shown = rules.document_shown(
        kind=kind, exempt_basis=exempt, removed=removed, meeting_status=status, item_closed=closed
    )
    assert (shown.listed, shown.open) == (listed, open_)
    assert shown.exempt_basis == (exempt if listed and not open_ else None)


def test_a_treatments_text_is_published_for_a_public_body_once_held_and_open():
    public = dict(
        role=ConsultationRole.DECISION, body_kind=BodyKind.BOARD, meeting_status=M.HELD, closed=False
    )
    assert rules.consultation_text_is_public(**public)
    assert rules.consultation_text_is_public(**public | {"role": ConsultationRole.RECOMMENDATION})
    assert not rules.consultation_text_is_public(**public | {"role": ConsultationRole.PREPARATION})
    assert not rules.consultation_text_is_public(**public | {"body_kind": BodyKind.EXPERT_GROUP})
    assert not rules.consultation_text_is_public(**public | {"meeting_status": M.CALLED})
    assert not rules.consultation_text_is_public(**public | {"meeting_status": None})
    assert not rules.consultation_text_is_public(**public | {"closed": True})


def test_a_case_is_published_when_on_an_open_public_item_and_never_closed():
    assert rules.case_is_public(open_public_items=1, closed_items=0)
    assert not rules.case_is_public(open_public_items=0, closed_items=0)
    assert not rules.case_is_public(open_public_items=2, closed_items=1)


def test_a_closed_items_basis_must_cite_a_provision():
    assert rules.names_a_paragraph("kommuneloven § 11-5 andre ledd bokstav a")
    assert rules.names_a_paragraph("offentleglova §13")
    assert not rules.names_a_paragraph("fordi saken er ømfintlig")
    assert not rules.names_a_paragraph("§ ")
    assert all(rules.names_a_paragraph(basis) for basis in rules.CLOSED_BASIS_SUGGESTIONS)
    assert rules.item_is_closed(" offentleglova § 13 ") and not rules.item_is_closed("  ")
