"""Administration: users, audit trail, imports and backups."""
