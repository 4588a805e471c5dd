from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "mentorkit.grants"
    label = "grants"
    verbose_name = "Training-grant reporting"
