"""site-wide search index

One row per searchable record (search_documents) with its Norwegian stems; on SQLite two FTS5 tables
over it kept by triggers (the stems; person and unit names by trigrams), on PostgreSQL a generated
tsvector column with a GIN index and a pg_trgm index on person and unit names. Filled here.

Revision ID: 0019_search_index
Revises: 0018_digests_feeds_invitations
Create Date: 2026-12-05 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_search_index"
down_revision: str | None = "0018_digests_feeds_invitations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMES = "kind IN ('person', 'unit')"

SQLITE = [
    # External content: the FTS5 tables hold only the index; the text stays in search_documents.
    # detail=column: which column holds a word, not where in it (no phrase is ever looked for: every
    # stem is its own quoted term); the lists are smaller and a common word is read faster.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_words, text_words, content='search_documents',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail='column')",
    "CREATE VIRTUAL TABLE search_names USING fts5(title, content='search_documents',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN"
    " INSERT INTO search_fts(rowid, title_words, text_words) VALUES (new.id, new.title_words, new.text_words);"
    " END",
    "CREATE TRIGGER search_documents_ai_names AFTER INSERT ON search_documents WHEN new.kind IN ('person', 'unit') BEGIN"
    " INSERT INTO search_names(rowid, title) VALUES (new.id, new.title); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title_words, text_words)"
    " VALUES ('delete', old.id, old.title_words, old.text_words); END",
    "CREATE TRIGGER search_documents_ad_names AFTER DELETE ON search_documents WHEN old.kind IN ('person', 'unit') BEGIN"
    " INSERT INTO search_names(search_names, rowid, title) VALUES ('delete', old.id, old.title); END",
    # Rows are rewritten by delete and insert (osloreg.search.index); an update is refused, so the
    # FTS5 tables can never drift from their content.
    "CREATE TRIGGER search_documents_au BEFORE UPDATE ON search_documents BEGIN"
    " SELECT RAISE(ABORT, 'search_documents rows are replaced, not updated'); END",
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS"
    " (setweight(to_tsvector('simple', title_words), 'A') || to_tsvector('simple', text_words)) STORED",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)",
    f"CREATE INDEX ix_search_documents_names ON search_documents USING gin (title gin_trgm_ops) WHERE {NAMES}",
]


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        # The small columns a search filters and orders by come first, the long texts last: SQLite
        # reads a row's columns in order, and a column after a long text costs a walk through the
        # text's overflow pages (at 100x that was most of a common word's search).
        sa.Column("draft_body_id", sa.Integer(), nullable=True),
        sa.Column("link_page", sa.String(length=20), nullable=False),
        sa.Column("link_key", sa.String(length=12), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_plain", sa.Text(), nullable=False),
        sa.Column("title_words", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("text_words", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "entity_id", name=op.f("uq_search_documents_kind_entity_id")),
    )
    op.create_table(
        "search_name_words",
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_name_words")),
    )
    bind = op.get_bind()
    for statement in SQLITE if bind.dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)
    from osloreg.search.index import rebuild

    rebuild(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_documents_ai", "search_documents_ai_names", "search_documents_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TRIGGER IF EXISTS search_documents_ad_names")
        op.execute("DROP TRIGGER IF EXISTS search_documents_au")
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute("DROP TABLE IF EXISTS search_names")
    op.drop_table("search_name_words")
    op.drop_table("search_documents")
