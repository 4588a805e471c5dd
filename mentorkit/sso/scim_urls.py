"""SCIM's routes: django-scim2's views for Users and discovery; Groups are not served.

(django-scim2's own urls.py would serve Django's auth groups, with their permissions, to
every provider's token: here they answer 501 Not Implemented.)
"""

from django.urls import path
from django_scim import views

app_name = "scim"

not_implemented = views.SCIMView.as_view(implemented=False)

urlpatterns = [
    path("", not_implemented, name="root"),
    path("Users", views.UsersView.as_view(), name="users"),
    path("Users/.search", views.UserSearchView.as_view(), name="users-search"),
    path("Users/<str:uuid>", views.UsersView.as_view(), name="users"),
    path("Groups", not_implemented, name="groups"),
    path("Groups/<str:uuid>", not_implemented, name="groups"),
    path(
        "ServiceProviderConfig",
        views.ServiceProviderConfigView.as_view(),
        name="service-provider-config",
    ),
    path("ResourceTypes", views.ResourceTypesView.as_view(), name="resource-types"),
    path("ResourceTypes/<str:uuid>", views.ResourceTypesView.as_view(), name="resource-types"),
    path("Schemas", views.SchemasView.as_view(), name="schemas"),
    path("Schemas/<str:uuid>", views.SchemasView.as_view(), name="schemas"),
]
