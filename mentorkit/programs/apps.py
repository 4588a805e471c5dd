from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "mentorkit.programs"
    label = "programs"
    verbose_name = "Programs"
