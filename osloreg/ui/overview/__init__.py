"""The overview: what each role should look at first."""
