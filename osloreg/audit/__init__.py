"""The audit trail's integrity: the hash chain, its verification, the witness kept outside the database,
the PostgreSQL roles that may only append, and the check after a restore."""
