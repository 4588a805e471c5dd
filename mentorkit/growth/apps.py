from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "mentorkit.growth"

    def ready(self) -> None:
        # Health indicators and agenda sources register themselves on import.
        from . import agenda, health  # noqa: F401
