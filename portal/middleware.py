"""Request guards: idle sign-out, compulsory two-factor set-up, database outages."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.shortcuts import redirect
from django.urls import reverse

from portal.health import database_unavailable_response
from portal.roles import must_use_mfa

LAST_SEEN_KEY = "portal_last_seen"
SIGNED_IN_KEY = "portal_signed_in_at"
# Write the session at most once a minute just to record activity.
TOUCH_EVERY_SECONDS = 60
IDLE_MESSAGE = "You were signed out because you had not used the portal for a while. Please sign in again."
ABSOLUTE_MESSAGE = "You were signed out because you signed in many hours ago. Please sign in again."
MFA_REQUIRED_MESSAGE = (
    "Your role gives access to confidential records, so you must set up "
    "two-factor authentication before you can continue."
)


class IdleTimeoutMiddleware:
    """Sign people out after SESSION_IDLE_SECONDS without a request, and
    SESSION_ABSOLUTE_SECONDS after they signed in, however busy they have been
    (so a stolen session cookie is not good for ever).

    Must come after MessageMiddleware, so that the sign-in page can say why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            signed_in_at = request.session.setdefault(SIGNED_IN_KEY, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                return self._sign_out(request, ABSOLUTE_MESSAGE)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                return self._sign_out(request, IDLE_MESSAGE)
            if last_seen is None or now - last_seen > TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, message):
        logout(request)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())


class RequireMFAMiddleware:
    """Anyone who must use two-factor authentication reaches nothing else until they set it up.

    Who must is decided by permissions (portal.roles.must_use_mfa): superusers,
    officer roles, and every role that can read casework, the Independent
    Person's included.

    Until then they may only set it up (which can ask them to confirm their
    password first), see the recovery codes it creates, and sign out.
    """

    ALLOWED_URL_NAMES = (
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "account_logout",
        "alive",
        "health",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths = None

    def allowed_paths(self):
        if self._allowed_paths is None:
            self._allowed_paths = frozenset(reverse(name) for name in self.ALLOWED_URL_NAMES)
        return self._allowed_paths

    def __call__(self, request):
        user = request.user
        if (
            must_use_mfa(user)
            and request.path not in self.allowed_paths()
            and not request.path.startswith(settings.STATIC_URL)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(request, MFA_REQUIRED_MESSAGE, fail_silently=True)
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
            return database_unavailable_response()
        return None
