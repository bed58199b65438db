"""Coverage: which represented units each body's members cover, and the directory behind it."""
