from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/mentees/<int:mentee_id>/", views.program_mentee, name="mentee"),
    path("<int:pk>/mentors/", views.program_mentors, name="mentors"),
    path("<int:pk>/export/", views.program_export, name="export"),
]
