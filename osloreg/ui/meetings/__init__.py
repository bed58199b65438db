"""Meetings: the calendar, a meeting's agenda, results and attendance."""
