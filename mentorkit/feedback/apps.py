from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class FeedbackConfig(AppConfig):
    name = "mentorkit.feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from .instruments import InstrumentError, registry

        # Every instrument file is validated on start-up: a bad one names itself and stops here.
        try:
            registry()
        except InstrumentError as error:
            raise ImproperlyConfigured(f"Rating instrument: {error}") from error
