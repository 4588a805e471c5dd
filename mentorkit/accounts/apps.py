from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mentorkit.accounts"
    label = "accounts"
    verbose_name = "Accounts"
