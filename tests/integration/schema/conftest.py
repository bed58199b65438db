"""Migrations, the schema and the databases' settings; fixtures in tests/conftest.py."""
