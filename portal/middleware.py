"""Request guards: idle sign-out, compulsory two-factor set-up, database outages."""

import time

from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.usersessions import app_settings as usersessions_settings
from allauth.usersessions.models import UserSession
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
# When this session's "where you are signed in" record was last written, and for which
# session key, address and browser.
USER_SESSION_KEY = "portal_user_session_seen"
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


class UserSessionsMiddleware:
    """The record behind "Where you are signed in", written at most once a minute per session.

    allauth's own middleware reads the record, its user and writes it again on
    every request (three queries and an UPDATE on every page). This one writes
    it on the first request of a session, whenever the address or the browser
    changes (so allauth still sees the change at once), and otherwise once
    TOUCH_EVERY_SECONDS have passed, which is as fresh as the idle sign-out's
    clock.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            usersessions_settings.TRACK_ACTIVITY
            and session is not None
            and session.session_key
            and request.user.is_authenticated
        ):
            now = time.time()
            client = [
                session.session_key,
                get_adapter().get_client_ip(request),
                request.META.get("HTTP_USER_AGENT", "")[:200],
            ]
            seen = session.get(USER_SESSION_KEY)
            if not seen or seen[1:] != client or now - seen[0] > TOUCH_EVERY_SECONDS:
                UserSession.objects.create_from_request(request)
                session[USER_SESSION_KEY] = [now, *client]
        return self.get_response(request)


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
