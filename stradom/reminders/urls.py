from django.urls import path

from stradom.reminders import views

app_name = "reminders"
urlpatterns = [path("", views.reminder_settings, name="settings")]
