from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mentorkit.api"
    label = "api"
    verbose_name = "API"
