from django.urls import path

from stradom.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.request_report, name="request"),
    path("mine/", views.my_reports, name="mine"),
]
