from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """Standards complaints: the Code of Conduct complaint process, from public form to decision notice."""

    name = "complaints"
    verbose_name = "Standards complaints"

    def ready(self):
        from complaints import logs, panels  # noqa: F401 - registers the dashboard panels

        logs.install()
