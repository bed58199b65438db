"""Documents on the meeting and case pages: the list, downloads after the permission check, uploads."""
