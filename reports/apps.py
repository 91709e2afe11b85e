from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Uptake reports for the steering group: each feature's figures as filtered tables, charts, CSVs."""

    name = "reports"
    verbose_name = "Uptake reports"
