from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site

from portal.emails import enqueue_message


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are made by Member Support's invitations, never by sign-up.
        return False

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        enqueue_message(self.render_mail(template_prefix, email, ctx))


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Staff who must use two-factor authentication cannot switch it off.
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.has_perm(
            "portal.requires_mfa"
        ):
            return False
        return super().can_delete_authenticator(authenticator)
