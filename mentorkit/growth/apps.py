from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "mentorkit.growth"
    verbose_name = "Growth"

    def ready(self) -> None:
        from . import health  # noqa: F401  (registers the practice 4 and 5 indicators)
