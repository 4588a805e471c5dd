from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("exits/", views.exits, name="exits"),
    path("exits/<int:pk>/handled/", views.exit_handled, name="exit_handled"),
    path("leave/<int:mentorship_pk>/", views.exit_start, name="exit_start"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/mentees/<int:mentee_id>/", views.program_mentee, name="mentee"),
    path("<int:pk>/mentors/", views.program_mentors, name="mentors"),
    path("<int:pk>/export/", views.program_export, name="export"),
    path("<int:pk>/import/", views.program_import, name="import"),
    path("<int:pk>/nudges/", views.program_nudges, name="nudges"),
    path("<int:pk>/rules/", views.program_rules, name="rules"),
    path("<int:pk>/my-capacity/", views.my_capacity, name="my_capacity"),
]
