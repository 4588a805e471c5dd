from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "mentorkit.plans"

    def ready(self) -> None:
        # Health indicators and agenda sources register themselves on import.
        from . import agenda, health  # noqa: F401
