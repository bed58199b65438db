"""The command line (osloreg/cli) and backups, run as real subprocesses; fixtures in tests/conftest.py."""
