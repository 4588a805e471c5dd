from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "mentorkit.teams"
    label = "teams"
    verbose_name = "Mentoring teams"

    def ready(self) -> None:
        from . import health  # noqa: F401  (registers the practice 1 and 6 indicators)
