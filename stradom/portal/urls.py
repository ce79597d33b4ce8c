from django.urls import path
from django.views.generic import RedirectView

app_name = "portal"
# The public dashboard's pages are added here; until then the root leads to the admin.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
]
