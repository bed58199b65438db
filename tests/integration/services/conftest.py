"""The write side (osloreg/services) on SQLite and PostgreSQL; fixtures in tests/conftest.py."""
