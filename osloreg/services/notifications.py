"""Write side of the notifications (issue 18): a user's own choice of digest; the audit of a digest run."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from osloreg.enums import DigestFrequency
from osloreg.models import User
from osloreg.rules.permissions import Action
from osloreg.services.base import Actor, DomainError, ValidationFailed, audit, get_or_404, service

# How a user came to choose: in the app, or through the opt-out link of a digest (or its one click).
VIA = ("app", "opt_out_link")


@service(Action.READ)
def set_own_digest_frequency(session: Session, *, actor: Actor, frequency: str, via: str = "app") -> User:
    """A user's own digest: daily, weekly or none. Anyone may set their own, nobody another's (the
    opt-out link acts as the user it was signed for, for this one choice)."""
    if frequency not in set(DigestFrequency) or via not in VIA:
        raise ValidationFailed("notifications.error.frequency")
    user = get_or_404(session, User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise DomainError("error.unknown_user", username=actor.username)
    before = {"digest_frequency": user.digest_frequency}
    user.digest_frequency = DigestFrequency(frequency).value
    audit(
        session,
        actor,
        action="user.set_digest_frequency",
        entity="users",
        entity_id=user.id,
        before=before,
        after={"digest_frequency": user.digest_frequency, "via": via},
    )
    return user


@service(Action.ADMINISTER)
def record_digest_run(
    session: Session,
    *,
    actor: Actor,
    periods: dict[str, str],
    sent: list[int],
    failed: dict[int, str],
    nothing_to_say: int,
    already_sent: int,
    busy: int,
    not_tried: int = 0,
) -> None:
    """One event for a run of `digest send` that claimed anything: the windows, whom it sent to, whom
    the relay refused (and why), how many it passed over, and how many it did not try once the relay
    was lost. The per-mail record is digest_deliveries."""
    after: dict[str, Any] = {
        "periods": dict(periods),
        "sent": sorted(sent),
        "failed": {str(user_id): reason for user_id, reason in sorted(failed.items())},
        "nothing_to_say": nothing_to_say,
        "already_sent": already_sent,
        "busy": busy,
        "not_tried": not_tried,
    }
    audit(session, actor, action="digest.run", entity="digest", entity_id=None, after=after)
