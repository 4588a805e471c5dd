from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "mentorkit.feedback"

    def ready(self) -> None:
        # Health indicators and agenda sources register themselves on import.
        from . import agenda, health  # noqa: F401
