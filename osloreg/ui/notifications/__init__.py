"""Varsler og kalender: the user's own notification settings."""
