from __future__ import annotations

from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.saml import views as saml_views
from allauth.socialaccount.providers.saml.utils import get_app_or_404
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from lxml.etree import XMLSyntaxError


def saml_finish_acs(request, organization_slug):
    """allauth's last step of a SAML sign-in, refusing what it would answer with an error.

    allauth raises PermissionDenied for an answer to a sign-in this browser did not start
    (or already finished: a replay), and python3-saml lets an unparseable answer through as
    an exception: both become the page that says the sign-in was refused.
    """
    try:
        return saml_views.finish_acs(request, organization_slug=organization_slug)
    except (PermissionDenied, XMLSyntaxError) as exc:
        replayed = isinstance(exc, PermissionDenied)
        return render_authentication_error(
            request,
            get_app_or_404(request, organization_slug).get_provider(request),
            exception=exc if replayed else None,
            extra_context={"saml_last_error_reason": "InResponseTo" if replayed else "malformed"},
        )


def saml_sls(request, organization_slug):
    """allauth's single-logout route, for signed messages only.

    SAML's profiles require a front-channel logout message to be signed; python3-saml
    checks a signature that is there but, unless every message must be signed (which
    would refuse many IdPs' sign-in answers), accepts one that is not: a link from
    anywhere would sign people out.
    """
    if "Signature" not in request.GET:
        return HttpResponseBadRequest(
            "A single-logout message must be signed by the identity provider.",
            content_type="text/plain",
        )
    return saml_views.sls(request, organization_slug=organization_slug)
