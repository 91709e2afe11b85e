"""The back office is Django's admin, opened to people with the permission."""

from allauth.core.internal import httpkit
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def can_use_back_office(user) -> bool:
    return bool(user.is_active and user.has_perm("portal.access_back_office"))


class PortalAdminSite(admin.AdminSite):
    site_header = "Member Support back office"
    site_title = "Back office"
    index_title = "Back office"
    enable_nav_sidebar = True

    def has_permission(self, request):
        return can_use_back_office(request.user)

    def login(self, request, extra_context=None):
        """Send everyone through the portal's own sign-in.

        That sign-in carries the rate limits and two-factor checks, so the back
        office gets them too.
        """
        next_url = request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index")
        if request.user.is_authenticated:
            if can_use_back_office(request.user):
                return HttpResponseRedirect(next_url)
            return HttpResponseRedirect(reverse("home"))
        login_url = httpkit.add_query_params(resolve_url(settings.LOGIN_URL), {"next": next_url})
        return HttpResponseRedirect(login_url)
