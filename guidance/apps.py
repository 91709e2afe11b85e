from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """The guidance library. Its models arrive with the guidance library issue."""

    name = "guidance"
    verbose_name = "Guidance library"
