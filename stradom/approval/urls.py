from django.urls import path

from stradom.approval import views

app_name = "approval"
urlpatterns = [
    path("", views.awaiting, name="awaiting"),
    path("decide/", views.decide, name="decide"),
    path("submit/", views.submit, name="submit"),
    path("locks/", views.lock, name="lock"),
    path("locks/<int:pk>/unlock/", views.unlock, name="unlock"),
]
