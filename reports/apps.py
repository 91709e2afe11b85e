from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Uptake reports for the steering group: each feature's figures as filtered tables, charts, CSVs."""

    name = "reports"
    verbose_name = "Uptake reports"

    def ready(self):
        from portal import dashboard
        from reports import cache

        # The dashboard sits below the reports; it keeps its panels under our write counts.
        dashboard.count_writes_with(cache.write_counts, watched={*cache.WATCHED, *cache.DASHBOARD_ONLY})
