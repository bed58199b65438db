"""The small HTTP app (osloreg/web) over real HTTP; fixtures in tests/conftest.py."""
