"""The demo data set (osloreg/demo), loaded once per database; fixtures in tests/conftest.py."""
