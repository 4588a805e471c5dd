from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mentorkit.audit"
    verbose_name = "Security events"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the sign-in receivers)
