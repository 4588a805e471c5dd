"""SCIM filters on Users, as SQL (django-scim2's parser): kept apart from sso.scim, which
imports django-scim2's adapters, which import this."""

from django_scim.filters import UserFilterQuery


class ScimUserFilter(UserFilterQuery):
    """Filters such as `userName eq "ada@riverside.edu"` or `emails.value eq …`, in SQL."""

    attr_map = {
        ("userName", None, None): "COALESCE(sso_scimidentity.user_name, accounts_user.email)",
        ("emails", "value", None): "accounts_user.email",
        ("emails", None, None): "accounts_user.email",
        ("externalId", None, None): "sso_scimidentity.external_id",
        ("displayName", None, None): "accounts_user.name",
        ("active", None, None): "accounts_user.is_active",
    }
    joins = ("LEFT JOIN sso_scimidentity ON sso_scimidentity.user_id = accounts_user.id",)
