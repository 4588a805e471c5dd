from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "mentorkit.sso"
    label = "sso"
    verbose_name = "Institution sign-in"

    def ready(self) -> None:
        from . import signals  # noqa: F401
