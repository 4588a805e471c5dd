from django.urls import path

from . import views

app_name = "growth"

urlpatterns = [
    path("", views.index, name="index"),
    path("contributions/new/", views.contribution_create, name="contribution_create"),
    path(
        "contributions/<int:pk>/acknowledge/",
        views.contribution_acknowledge,
        name="contribution_acknowledge",
    ),
]
