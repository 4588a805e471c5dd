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
    path("autonomy/", views.autonomy, name="autonomy"),
    path("autonomy/<int:mentee_id>/", views.mentee_autonomy, name="mentee_autonomy"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_edit, name="activity"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("markers/new/", views.marker_create, name="marker_create"),
    path("markers/<int:pk>/", views.marker_edit, name="marker"),
    path("markers/<int:pk>/delete/", views.marker_delete, name="marker_delete"),
]
