from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "mentorkit.teams"
    label = "teams"
    verbose_name = "Mentoring teams"
