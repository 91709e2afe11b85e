from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """Monitoring Officer casework. Its models arrive with the casework issues."""

    name = "complaints"
    verbose_name = "Monitoring Officer casework"
