from django.urls import path

from stradom.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
]
