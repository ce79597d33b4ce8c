from django.urls import include, path

from stradom.workspace import imports, instruments, views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("import/", include(imports.urlpatterns)),
    path("strategy/<int:pk>/", views.strategy, name="strategy"),
    path("domains/<slug:code>/", views.domain, name="domain"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/history/", views.history, name="history"),
    path("indicators/<str:code>/enter/", views.enter, name="enter"),
    path("instruments/<str:key>/", instruments.instrument, name="instrument"),
]
