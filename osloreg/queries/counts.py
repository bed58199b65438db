"""Row counts per entity, for the start page and health checks."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import (
    Advice,
    Body,
    Case,
    Decision,
    Input,
    Meeting,
    Membership,
    Person,
    Project,
    Unit,
)

COUNTED = {
    "units": Unit,
    "bodies": Body,
    "persons": Person,
    "memberships": Membership,
    "projects": Project,
    "meetings": Meeting,
    "cases": Case,
    "inputs": Input,
    "advice": Advice,
    "decisions": Decision,
}


def entity_counts(session: Session) -> dict[str, int]:
    """Rows per entity, in one round trip."""
    columns = [
        sa.select(sa.func.count()).select_from(model).scalar_subquery().label(name)
        for name, model in COUNTED.items()
    ]
    row = session.execute(sa.select(*columns)).one()
    return dict(row._mapping)
