from django.apps import AppConfig


class InterestsConfig(AppConfig):
    """Registers of interests, gifts and hospitality, and dispensations (Localism Act 2011 ss.29-34).

    A bounded context beside Ask the Monitoring Officer and standards complaints:
    the Monitoring Officer's other standing duty. It adds its dashboard panels
    from ``ready()``; nothing below it knows it exists.
    """

    name = "interests"
    label = "interests"
    verbose_name = "Registers of interests"

    def ready(self):
        from interests import induction, page_cache, panels  # noqa: F401 - panels registers the dashboard panels
        from training.extensions import register_step

        register_step(induction.step())
        page_cache.connect()
