from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mentorkit.reports"
    verbose_name = "Reports"
