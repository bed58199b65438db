"""Read side of the read API's tokens: the admin's list (never the token: only its name, dates and state)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import ApiToken


def api_tokens(session: Session) -> list[ApiToken]:
    """Every token, newest first (revoked ones too: they stay, as the trail names them)."""
    return list(session.scalars(sa.select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))
