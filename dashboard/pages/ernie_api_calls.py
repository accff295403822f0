"""Ready view: Baidu Ernie daily API calls (a preset of Explore)."""

from dashboard import views

views.render(views.ERNIE_API_CALLS)
