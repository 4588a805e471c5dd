"""SCIM 2.0 (RFC 7643/7644) Users under /scim/v2/, through django-scim2.

django-scim2 does the protocol (routes, filters, PATCH operations, errors); this module
maps its User resource onto mentorkit's accounts and limits each provider's token to the
people it manages: those it provisioned, and those whose address is in its domains.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django_scim import constants, exceptions
from django_scim.adapters import SCIMUser
from django_scim.models import SCIMServiceProviderConfig

from . import actions
from .config import IdentityProvider
from .models import ScimIdentity, ScimToken
from .providers import by_id

BEARER = re.compile(r"^Bearer\s+(\S+)$", re.I)


class ScimTokenCheck:
    """django-scim2's AUTH_CHECK_MIDDLEWARE: a provider's bearer token, or 401."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request, *args, **kwargs):
        match = BEARER.match(request.headers.get("Authorization", ""))
        token = ScimToken.authenticate(match.group(1)) if match else None
        provider = by_id(token.provider) if token else None
        if provider is None:
            error = exceptions.AuthorizationError(
                "A provider's SCIM token is required (Authorization: Bearer …)."
            )
            response = HttpResponse(
                json.dumps(error.to_dict()), status=401, content_type=constants.SCIM_CONTENT_TYPE
            )
            response["WWW-Authenticate"] = "Bearer"
            return response
        request.scim_provider = provider
        return self.get_response(request, *args, **kwargs)


def provider_of(request) -> IdentityProvider:
    return request.scim_provider


def managed_by(provider: IdentityProvider) -> Q:
    """The accounts a provider's SCIM client may see and change."""
    provisioned = Q(scim_identity__provider=provider.id, scim_identity__removed_at__isnull=True)
    if not provider.domains:
        return provisioned
    domains = "|".join(re.escape(d) for d in provider.domains)
    unmanaged = Q(email__iregex=rf"@({domains})$", scim_identity__isnull=True)
    return provisioned | unmanaged


def scoped_filter_kwargs(model):
    """GET_EXTRA_MODEL_FILTER_KWARGS_GETTER: every lookup limited to the provider's people."""

    def extra(request, *args, **kwargs) -> dict[str, Any]:
        scope = get_user_model().objects.filter(managed_by(provider_of(request)))
        return {"pk__in": scope.values_list("pk", flat=True)}

    return extra


class ServiceProviderConfig(SCIMServiceProviderConfig):
    """What this service does, as clients read it before they provision."""

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["filter"] = {"supported": True, "maxResults": 50}  # userName, emails, externalId
        d["changePassword"] = {"supported": False}  # accounts made here sign in at the IdP
        return d


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"  # Entra ID sends "False" as a string
    raise exceptions.BadRequestError('"active" must be true or false', scim_type="invalidValue")


class ScimUser(SCIMUser):
    """A mentorkit account as a SCIM User: userName, name, emails, active, externalId."""

    id_field = "pk"

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        self._was_active = obj.is_active if obj.pk else None
        self._user_name: str | None = None
        self._external_id: str | None = None

    @property
    def identity(self) -> ScimIdentity | None:
        try:
            return self.obj.scim_identity
        except ScimIdentity.DoesNotExist:
            return None

    @property
    def display_name(self) -> str:
        return self.obj.name or self.obj.email

    def to_dict(self) -> dict:
        identity = self.identity
        return {
            "schemas": [constants.SchemaURI.USER],
            "id": str(self.obj.pk),
            "externalId": identity.external_id if identity and identity.external_id else None,
            "userName": identity.user_name if identity else self.obj.email,
            "name": {"formatted": self.obj.name} if self.obj.name else None,
            "displayName": self.display_name,
            "emails": [{"value": self.obj.email, "primary": True, "type": "work"}],
            "active": self.obj.is_active,
            "meta": {
                "resourceType": "User",
                "created": self.obj.date_joined.isoformat(),
                "lastModified": self.obj.date_joined.isoformat(),
                "location": self.location,
            },
        } | {"groups": []}

    def from_dict(self, d: dict) -> None:
        user_name = (d.get("userName") or "").strip()
        if not user_name:
            raise exceptions.BadRequestError("userName is required", scim_type="invalidValue")
        self._user_name = user_name
        self._external_id = (d.get("externalId") or "").strip()
        emails = d.get("emails")
        if emails:
            self.parse_emails(emails)
        elif not self.obj.email and "@" in user_name:
            self.set_email(user_name)
        if not self.obj.email:
            raise exceptions.BadRequestError("an e-mail address is required")
        name = d.get("name") or {}
        formatted = name.get("formatted") or " ".join(
            part for part in (name.get("givenName"), name.get("familyName")) if part
        )
        self.obj.name = (d.get("displayName") or formatted or self.obj.name or "")[:200]
        if d.get("active") is not None:
            self.obj.is_active = as_bool(d["active"])

    def parse_emails(self, value) -> None:
        super().parse_emails(value)  # sets obj.email from the primary one
        self.set_email(self.obj.email)

    def set_email(self, email: str) -> None:
        email = email.strip().lower()
        self.validate_email(email)
        provider = provider_of(self.request)
        if provider.domains and not provider.serves(email):
            raise exceptions.BadRequestError(
                f"{email} is not at {', '.join(provider.domains)}", scim_type="invalidValue"
            )
        self.obj.email = email

    def validate_op_replace(self, path, value, operation) -> None:
        if path is not None and not path.is_complex and path.first_path == ("active", None, None):
            as_bool(value)  # Entra ID's "False" is fine; django-scim2 wants a bool
            return
        self._default_validate_op(path, value, operation)

    validate_op_add = validate_op_replace

    def handle_replace(self, path, value, operation) -> None:
        changes = value if isinstance(value, dict) and path is None else {path: value}
        for key, new in changes.items():
            attribute = key.first_path if hasattr(key, "first_path") else (key, None, None)
            if attribute == ("active", None, None):
                self.obj.is_active = as_bool(new)
            elif attribute in {("displayName", None, None), ("name", "formatted", None)}:
                self.obj.name = str(new)[:200]
            elif attribute == ("userName", None, None):
                self._user_name = str(new).strip()
            elif attribute == ("externalId", None, None):
                self._external_id = str(new).strip()
            elif attribute[0] == "emails":
                self.parse_emails(new if isinstance(new, list | dict) else [{"value": new}])
            elif attribute[0] == "name" and isinstance(new, dict):
                self.obj.name = (new.get("formatted") or self.obj.name)[:200]
            else:
                raise exceptions.NotImplementedError(f"{attribute[0]} cannot be changed here")
        self.save()

    def handle_add(self, path, value, operation) -> None:
        self.handle_replace(path, value, operation)

    @transaction.atomic
    def save(self) -> None:
        provider = provider_of(self.request)
        created = self.obj.pk is None
        if created:
            self.obj.set_unusable_password()
        # is_active changes go through the actions (sessions and tokens end with them)
        becomes_active = self.obj.is_active
        if not created:
            self.obj.is_active = self._was_active
        self.obj.save()
        identity = self.identity
        if identity is None:
            identity = ScimIdentity(user=self.obj, provider=provider.id)
        if self._user_name is not None:
            identity.user_name = self._user_name
        if self._external_id is not None:
            identity.external_id = self._external_id
        identity.user_name = identity.user_name or self.obj.email
        identity.save()
        self.obj.scim_identity = identity
        if created:
            actions.provisioned_by_scim(self.obj, provider)
            if not becomes_active:
                actions.deactivate(self.obj, provider)
        elif becomes_active != self._was_active:
            (actions.reactivate if becomes_active else actions.deactivate)(self.obj, provider)
        else:
            actions.changed_by_scim(self.obj, provider)
        self._was_active = self.obj.is_active

    def delete(self) -> None:
        """A person removed from the directory: deactivated, their records kept."""
        provider = provider_of(self.request)
        with transaction.atomic():
            identity = self.identity or ScimIdentity.objects.create(
                user=self.obj, provider=provider.id, user_name=self.obj.email
            )
            if self.obj.is_active:
                actions.deactivate(self.obj, provider, removed=True)
            identity.removed_at = identity.removed_at or timezone.now()
            identity.save(update_fields=["removed_at"])
