"""The project's core app: it finds every app's registrations and checks them at start-up.

Its models keep what is computed from a workspace between requests, keyed on the
workspace's version (`versions.py`). It holds no templates or static files (those of
the project live in `mentorkit/templates` and `mentorkit/static`).
"""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "mentorkit.core"
    label = "core"
    verbose_name = "mentorkit"

    def ready(self) -> None:
        from mentorkit import health

        from . import versions

        # Each app's health.py registers its practice's indicator, agenda.py its agenda sources,
        # documents.py its documents; a key registered twice raises while importing them.
        autodiscover_modules("health", "agenda", "documents")
        health.check_registry()
        versions.connect()
