import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

LAST_SEEN_KEY = "portal_last_seen"
# Write the session at most once a minute just to record activity.
TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign people out after SESSION_IDLE_SECONDS without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, "You were signed out because you had been inactive for a while.")
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen > TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Staff who must use two-factor authentication reach nothing else until they set it up."""

    ALLOWED_URL_NAMES = (
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_logout",
        "alive",
        "health",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths = None

    def allowed_paths(self):
        if self._allowed_paths is None:
            self._allowed_paths = {reverse(name) for name in self.ALLOWED_URL_NAMES}
        return self._allowed_paths

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.path not in self.allowed_paths()
            and not request.path.startswith(settings.STATIC_URL)
            and user.has_perm("portal.requires_mfa")
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "Your role gives access to confidential records, so you must set up "
                "two-factor authentication before you continue.",
                fail_silently=True,
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Show the static 'service unavailable' page when the database is away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "120"
            return response
        return None
