from django.apps import AppConfig


class AdviceConfig(AppConfig):
    """Ask the Monitoring Officer: members' confidential questions and the FAQ made from them.

    It sits inside complaints/ beside the standards-complaint workflow (both are
    the Monitoring Officer's casework) but is its own app, with its own tables
    and migrations.
    """

    name = "complaints.advice"
    label = "advice"
    verbose_name = "Ask the Monitoring Officer"

    def ready(self):
        from . import panels  # noqa: F401 - registers the dashboard panels
