from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "mentorkit.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        # Health indicators and agenda sources register themselves on import.
        from . import agenda, health  # noqa: F401
