"""input on behalf of a unit: who named the unit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The roles that may register input on behalf of any unit (rules.permissions.UNIT_REGISTRARS), as
# they stood when this migration was written.
REGISTRARS = ("admin", "coordinator")


def upgrade() -> None:
    # In place on both databases: recreating `inputs` on SQLite would trip the foreign keys to it.
    with op.batch_alter_table("inputs", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("registered_by_secretariat", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Input the secretariat wrote with a unit was registered for that unit (a member could not, before
    # this, be told apart from the secretariat): it keeps counting. A member's input counts only where
    # the member represented the unit, which the completeness query checks; nothing else is flagged.
    inputs = sa.table(
        "inputs",
        sa.column("unit_id", sa.Integer),
        sa.column("author_person_id", sa.Integer),
        sa.column("registered_by_secretariat", sa.Boolean),
    )
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("person_id", sa.Integer))
    roles = sa.table("user_roles", sa.column("user_id", sa.Integer), sa.column("role", sa.String))
    secretariat = (
        sa.select(users.c.person_id)
        .join(roles, roles.c.user_id == users.c.id)
        .where(roles.c.role.in_(REGISTRARS), users.c.person_id.is_not(None))
    )
    op.execute(
        inputs.update()
        .where(inputs.c.unit_id.is_not(None), inputs.c.author_person_id.in_(secretariat))
        .values(registered_by_secretariat=sa.true())
    )


def downgrade() -> None:
    with op.batch_alter_table("inputs", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("registered_by_secretariat")
