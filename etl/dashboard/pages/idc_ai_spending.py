"""Ready view: IDC's AI spending forecasts (a preset of Explore)."""

from etl.dashboard import views

views.render(views.IDC_SPENDING)
