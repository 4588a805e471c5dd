from __future__ import annotations

from allauth.socialaccount.providers.saml.provider import SAMLProvider as AllauthSAMLProvider

# Where the answer's subject waits for the session to begin (sso.signals moves it there).
PENDING = "_mentorkit_saml_subject"


class SAMLProvider(AllauthSAMLProvider):
    """allauth's provider; keeps the answer's NameID and SessionIndex for single logout."""

    def sociallogin_from_response(self, request, response):
        setattr(
            request,
            PENDING,
            {
                "provider": self.app.provider_id or self.app.client_id,
                "name_id": response.get_nameid(),
                "name_id_format": response.get_nameid_format(),
                "nq": response.get_nameid_nq(),
                "spnq": response.get_nameid_spnq(),
                "session_index": response.get_session_index(),
            },
        )
        return super().sociallogin_from_response(request, response)


provider_classes = [SAMLProvider]
