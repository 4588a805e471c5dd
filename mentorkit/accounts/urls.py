from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("delete/", views.delete, name="delete"),
    path("calendar/", views.calendar_regenerate, name="calendar_regenerate"),
]
