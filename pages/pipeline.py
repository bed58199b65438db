"""Prosjekter: the project pipeline, and one project at a time (?project=ID), edited by coordinators."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.projects import pipeline as pipeline_view
from osloreg.ui.projects import project as project_view

user = ui.require_page("pipeline")

link = project_view.LINK.requested()
if link is None:
    pipeline_view.render(user)
else:
    project_view.render(user, link.id)
