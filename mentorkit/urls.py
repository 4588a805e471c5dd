from django.contrib import admin
from django.urls import include, path

from . import views
from .api.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("first-steps/dismiss/", views.dismiss_first_steps, name="dismiss_first_steps"),
    path("healthz", views.healthz, name="healthz"),
    path("invitations/<str:kind>/<str:token>/", views.invitation, name="invitation"),
    path("accounts/", include("allauth.urls")),
    path("profile/workspace/", include("mentorkit.workspace.urls")),
    path("profile/", include("mentorkit.accounts.urls")),
    path("programs/", include("mentorkit.programs.urls")),
    path("", include("mentorkit.training.urls")),
    path("", include("mentorkit.teams.urls")),
    path("", include("mentorkit.meetings.urls")),
    path("plan/", include("mentorkit.plans.urls")),
    path("feedback/", include("mentorkit.feedback.urls")),
    path("growth/", include("mentorkit.growth.urls")),
    path("outcomes/", include("mentorkit.outcomes.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
