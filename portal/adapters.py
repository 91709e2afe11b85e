"""allauth hooks: no public sign-up, email through the task queue, compulsory 2FA for some."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from portal import crypto
from portal.emails import enqueue_message
from portal.roles import must_use_mfa


class PortalAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or the password is not right.",
        "too_many_login_attempts": (
            "Too many attempts to sign in to this account. Wait five minutes, then try again, "
            "or reset your password."
        ),
    }

    def is_open_for_signup(self, request):
        # Accounts are made by Member Support's invitations, never by sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the email now and queue it; the worker sends it once the transaction commits.

        Same signature as allauth's, so password resets and the security
        notices (password changed, two-factor turned on, …) all come through here.
        """
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": self._current_site(request),
            "council_name": settings.COUNCIL_NAME,
            "site_url": settings.SITE_URL,
            "reset_minutes": settings.PORTAL_PASSWORD_RESET_SECONDS // 60,
        }
        ctx.update(context)
        enqueue_message(self.render_mail(template_prefix, email, ctx))

    @staticmethod
    def _current_site(request):
        # allauth sends some notices from on_commit callbacks, which may run
        # after its request context has gone; fall back to the configured site.
        if request is not None:
            return get_current_site(request)
        return SimpleNamespace(domain=urlsplit(settings.SITE_URL).netloc, name=settings.COUNCIL_NAME)


class PortalMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Your role needs two-factor authentication, so you cannot turn it off. "
            "If you have a new phone, contact Member Support."
        ),
        "incorrect_code": "That code is not right. Check the app and try the newest code.",
    }

    # Authenticator secrets (TOTP keys, recovery-code seeds) are encrypted at rest.
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator):
        # People who must use two-factor authentication cannot switch it off.
        if authenticator.type == Authenticator.Type.TOTP and must_use_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
