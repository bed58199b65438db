"""The advice area: the director's decisions, advice from the groups and members' input."""
