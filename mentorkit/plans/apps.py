from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "mentorkit.plans"
