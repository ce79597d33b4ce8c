from django.urls import include, path

from stradom.workspace import imports, instrument_forms, instruments, views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("all/", views.overview, name="overview"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("import/", include(imports.urlpatterns)),
    path("strategy/<int:pk>/", views.strategy, name="strategy"),
    path("domains/<slug:code>/", views.domain, name="domain"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/history/", views.history, name="history"),
    path("indicators/<str:code>/enter/", views.enter, name="enter"),
    path("instruments/new/", instrument_forms.instrument_new, name="instrument_new"),
    path("instruments/<str:key>/", instruments.instrument, name="instrument"),
    path("instruments/<str:key>/edit/", instrument_forms.instrument_edit, name="instrument_edit"),
    path(
        "instruments/<str:key>/milestones/new/",
        instrument_forms.milestone_new,
        name="milestone_new",
    ),
    path(
        "instruments/<str:key>/milestones/<int:pk>/",
        instrument_forms.milestone_edit,
        name="milestone_edit",
    ),
]
