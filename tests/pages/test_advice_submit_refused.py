"""The advice page when the draft is saved but cannot be submitted: the page says so and ends there."""

from __future__ import annotations

import sqlalchemy as sa

from osloreg.db import read_session
from osloreg.enums import AdviceState
from osloreg.models import Advice, User
from osloreg.services.advice import update_advice
from osloreg.services.base import Actor

# The advice page's world (two groups, a draft "Utkast om transport") and its helpers.
from tests.pages.test_advice_page import WORLD, _button, _run, _select_advice, _texts  # noqa: F401 - WORLD: the fixture's builder


def test_a_draft_changed_by_a_colleague_is_not_submitted_as_it_stood_and_the_page_says_so(world):
    at = _run("koordinator")
    _select_advice(at, "Utkast om transport")
    assert "Trekk tilbake" in [button.label for button in at.button]
    with read_session(world) as session:  # a colleague saves the same draft first
        advice = session.scalar(sa.select(Advice).where(Advice.title == "Utkast om transport"))
        coordinator = Actor.of(session.scalar(sa.select(User).where(User.username == "koordinator")))
        advice_id, version, recommendation = advice.id, advice.version, advice.recommendation
    with read_session(world) as session:
        update_advice(
            session,
            actor=coordinator,
            advice_id=advice_id,
            expected_version=version,
            title="Kollegaens tittel",
            recommendation=recommendation,
        )
    _button(at, "Send til direktøren").click()  # unchanged here: sent as this page last saw it
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Utkastet er lagret, men ikke sendt." in "\n".join(w.value for w in at.warning), _texts(at)
    assert "Noen andre har endret dette" in "\n".join(e.value for e in at.error)
    assert not at.success
    # The page ends at the message: no withdraw button under it for a draft it could not send.
    assert "Trekk tilbake" not in [button.label for button in at.button]
    with read_session(world) as session:
        advice = session.get(Advice, advice_id)
        assert advice.state == AdviceState.DRAFT and advice.title == "Kollegaens tittel"
