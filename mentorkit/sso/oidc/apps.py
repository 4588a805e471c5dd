from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "mentorkit.sso.oidc"
    label = "sso_oidc"
    verbose_name = "OpenID Connect (allauth's, with a nonce)"
