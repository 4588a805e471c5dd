from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mentorkit.training"
    label = "training"
    verbose_name = "Mentor training"
