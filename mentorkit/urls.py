from django.contrib import admin
from django.urls import include, path

from . import views
from .api.api import api
from .sso import views as sso_views

urlpatterns = [
    path("", views.home, name="home"),
    path("first-steps/dismiss/", views.dismiss_first_steps, name="dismiss_first_steps"),
    path("healthz", views.healthz, name="healthz"),
    path("invitations/<str:kind>/<str:token>/", views.invitation, name="invitation"),
    # Before allauth's own routes of the same paths: replays refused with the refusal page,
    # unsigned single-logout messages refused.
    path(
        "accounts/saml/<organization_slug>/acs/finish/",
        sso_views.saml_finish_acs,
        name="saml_finish_acs",
    ),
    path("accounts/saml/<organization_slug>/sls/", sso_views.saml_sls, name="saml_sls"),
    path("accounts/", include("allauth.urls")),
    path("profile/workspace/", include("mentorkit.workspace.urls")),
    path("profile/", include("mentorkit.accounts.urls")),
    path("programs/", include("mentorkit.programs.urls")),
    path("", include("mentorkit.training.urls")),
    path("", include("mentorkit.matching.urls")),
    path("", include("mentorkit.grants.urls")),
    path("", include("mentorkit.teams.urls")),
    path("", include("mentorkit.meetings.urls")),
    path("plan/", include("mentorkit.plans.urls")),
    path("feedback/", include("mentorkit.feedback.urls")),
    path("growth/", include("mentorkit.growth.urls")),
    path("outcomes/", include("mentorkit.outcomes.urls")),
    path("api/v1/", api.urls),
    path("scim/v2/", include("mentorkit.sso.scim_urls", namespace="scim")),
    path("admin/", admin.site.urls),
]
