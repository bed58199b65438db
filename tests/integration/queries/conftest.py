"""The read side (osloreg/queries) on SQLite and PostgreSQL; fixtures in tests/conftest.py."""
