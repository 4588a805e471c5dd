from django.urls import path

from . import endings, views

app_name = "teams"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/invite/", views.invite, name="invite"),
    path("team/mentorships/<int:pk>/", views.mentorship, name="mentorship"),
    path("team/mentorships/<int:pk>/edit/", views.mentorship_edit, name="mentorship_edit"),
    path("team/mentorships/<int:pk>/resend/", views.mentorship_resend, name="mentorship_resend"),
    path("team/mentorships/<int:pk>/end/", endings.mentorship_end, name="mentorship_end"),
    path(
        "team/mentorships/<int:pk>/replace/", endings.mentorship_replace, name="mentorship_replace"
    ),
    path("team/needs/new/", views.need_create, name="need_create"),
    path("team/needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("team/needs/<int:pk>/delete/", views.need_delete, name="need_delete"),
    path("team/needs/<int:pk>/cover/<int:mentorship_pk>/", views.need_cover, name="need_cover"),
    path("team/insights/", views.insights, name="insights"),
    path("team/insights/<int:pk>/share/", views.insight_share, name="insight_share"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement, name="agreement"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path(
        "agreements/<int:pk>/acknowledge/",
        views.agreement_acknowledge,
        name="agreement_acknowledge",
    ),
    path("mentoring/", views.mentees, name="mentees"),
    path("mentoring/<int:pk>/", views.mentoring, name="mentoring"),
]
