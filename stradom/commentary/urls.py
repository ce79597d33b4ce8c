from django.urls import path

from stradom.commentary import views

app_name = "commentary"
urlpatterns = [
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<str:kind>/<str:key>/", views.record, name="record"),
]
