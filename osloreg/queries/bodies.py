"""Bodies as the admin sets them up: each body's rule for vedtaksførhet and how it is known."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import Body
from osloreg.queries.common import frame

QUORUM_COLUMNS = ["id", "body", "quorum_rule", "quorum_basis", "quorum_source"]


def quorum_rules(session: Session) -> pd.DataFrame:
    """Every body with its quorum rule ('none' or 'half_members'), its basis and source, by name.
    Columns: QUORUM_COLUMNS."""
    rows = session.execute(
        sa.select(Body.id, Body.name, Body.quorum_rule, Body.quorum_basis, Body.quorum_source).order_by(
            Body.name, Body.id
        )
    ).all()
    return frame(rows, QUORUM_COLUMNS)
