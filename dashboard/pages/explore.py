"""Explore: choose indicators, entities, kinds, sources and a period; one chart per indicator."""

from dashboard import views

views.render(views.EXPLORE)
