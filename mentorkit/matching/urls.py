from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("directory/", views.directory_page, name="institution_directory"),
    path("directory/<int:mentor_id>/request/", views.request_mentor, name="institution_request"),
    path("programs/<int:pk>/directory/", views.directory_page, name="directory"),
    path(
        "programs/<int:pk>/directory/<int:mentor_id>/request/",
        views.request_mentor,
        name="request",
    ),
    path("programs/<int:pk>/directory/<int:mentor_id>/prefer/", views.prefer, name="prefer"),
    path("programs/<int:pk>/rounds/", views.round_list, name="rounds"),
    path("programs/<int:pk>/rounds/<int:round_pk>/", views.round_detail, name="round"),
    path("programs/<int:pk>/rounds/<int:round_pk>/pair/", views.round_pair, name="round_pair"),
    path(
        "programs/<int:pk>/rounds/<int:round_pk>/prefer/",
        views.round_prefer,
        name="round_prefer",
    ),
    path(
        "programs/<int:pk>/rounds/<int:round_pk>/publish/",
        views.round_publish,
        name="round_publish",
    ),
]
