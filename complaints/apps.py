from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """Standards complaints: the Code of Conduct complaint process, from public form to decision notice."""

    name = "complaints"
    verbose_name = "Standards complaints"

    def ready(self):
        from complaints import access, logs, panels, register_cache  # noqa: F401 - panels registers the dashboard panels
        from portal import navigation

        logs.install()
        register_cache.REGISTER.connect()
        navigation.register("complaints_cases", access.is_case_officer)
