from django.urls import path

from stradom.portal import views
from stradom.registers import views as registers

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("goals/<int:pk>/", views.goal, name="goal"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("civic-budget/", registers.civic_budget, name="civic_budget"),
]
