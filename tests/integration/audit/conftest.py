"""The audit trail's hash chain (osloreg/audit); fixtures in tests/conftest.py."""
