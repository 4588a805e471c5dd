from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "mentorkit.workspace"
    label = "workspace"
    verbose_name = "Portable workspace"
