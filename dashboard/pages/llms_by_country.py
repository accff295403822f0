"""Ready view: large language models by country (a preset of Explore)."""

from dashboard import views

views.render(views.LLMS_BY_COUNTRY)
