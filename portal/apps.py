from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    """The ground every feature stands on: people, roles, sign-in, dashboard, back office, shared kit."""

    default = True
    name = "portal"
    verbose_name = "People and access"

    def ready(self):
        from portal import panels, permission_cache  # noqa: F401 - panels registers Member Support's card

        permission_cache.connect_signals()


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.PortalAdminSite"
