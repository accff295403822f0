"""Ready view: IDC's AI spending forecasts (a preset of Explore)."""

from dashboard import views

views.render(views.IDC_SPENDING)
