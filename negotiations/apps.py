from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = "Negotiations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import changes, search, security

        changes.connect_signals()
        search.connect_signals()
        security.connect_signals()
