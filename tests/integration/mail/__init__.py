"""Mail out of the app (osloreg/mail) over a real SMTP server on 127.0.0.1; fixtures in tests/conftest.py."""
