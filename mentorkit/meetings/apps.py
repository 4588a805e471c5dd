from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mentorkit.meetings"
    label = "meetings"
    verbose_name = "Meetings"
