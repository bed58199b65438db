"""Prosjekter: the project pipeline, and one project at a time (?project=ID), edited by coordinators."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui import pipeline_view, project_view

user = ui.require_page("pipeline")

link = project_view.requested_project()
if link is None:
    pipeline_view.render(user)
else:
    project_view.render(user, link.id)
