from django.urls import path

from . import views
from .imports import views as import_views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.outcome_create, name="create"),
    path("<int:pk>/", views.outcome_detail, name="detail"),
    path("<int:pk>/edit/", views.outcome_edit, name="edit"),
    path("<int:pk>/delete/", views.outcome_delete, name="delete"),
    path("<int:pk>/reflection/", views.reflection_edit, name="reflection"),
    path("<int:pk>/celebrate/", views.outcome_celebrate, name="celebrate"),
    path("cv.<str:fmt>", views.cv_export, name="cv"),
    path("biosketch.<str:fmt>", views.biosketch, name="biosketch"),
    path("import/", import_views.import_start, name="import"),
    path("import/fetch/", import_views.import_fetch, name="import_fetch"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
]
