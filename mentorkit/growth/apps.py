from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "mentorkit.growth"
    verbose_name = "Growth"
