from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = "Negotiations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from negotiations import security
        from negotiations.history import changes
        from negotiations.search import index
        from negotiations.services import timeline

        changes.connect_signals()
        index.connect_signals()
        security.connect_signals()
        timeline.connect_signals()
