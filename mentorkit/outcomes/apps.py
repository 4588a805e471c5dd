from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "mentorkit.outcomes"
    verbose_name = "Outcomes"
