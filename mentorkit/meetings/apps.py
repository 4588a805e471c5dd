from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mentorkit.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from . import agenda, health  # noqa: F401  (register agenda sources and the indicator)
