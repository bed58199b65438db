"""Projects: the pipeline, a project's details, milestones and the strategy."""
