from django.apps import AppConfig


class SamlConfig(AppConfig):
    name = "mentorkit.sso.saml"
    label = "sso_saml"
    verbose_name = "SAML (allauth's, with single logout)"
