from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """The guidance library: versioned, signed-off guidance that members acknowledge."""

    name = "guidance"
    verbose_name = "Guidance library"

    def ready(self):
        from guidance import (
            panels,  # noqa: F401 - registers the dashboard panels
            to_read_cache,
        )

        to_read_cache.connect()
