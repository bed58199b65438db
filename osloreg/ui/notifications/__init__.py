"""Notifications: the digest by e-mail and the calendar feeds to subscribe to."""
