"""Cases: the case list, a case's path through the bodies and its numbers."""
