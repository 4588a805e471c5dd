from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "mentorkit.matching"
    label = "matching"
    verbose_name = "Matching"
