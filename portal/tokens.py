"""Password links: a reset link lasts an hour, an invitation's a week.

Both open allauth's "set a new password" page, which checks a link with
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR (the class below). Each kind signs its
tokens with its own salt, so a reset link cannot borrow an invitation's longer
life.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int


class _TimedTokenGenerator(PasswordResetTokenGenerator):
    timeout_setting = "PASSWORD_RESET_TIMEOUT"

    def check_token(self, user, token):
        # Django checks the signature and PASSWORD_RESET_TIMEOUT (the longest life).
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - issued <= getattr(settings, self.timeout_setting)


class InvitationTokenGenerator(_TimedTokenGenerator):
    key_salt = "portal.tokens.invitation"
    timeout_setting = "PASSWORD_RESET_TIMEOUT"


class ResetTokenGenerator(_TimedTokenGenerator):
    key_salt = "portal.tokens.password-reset"
    timeout_setting = "PORTAL_PASSWORD_RESET_SECONDS"


class PasswordLinkTokenGenerator(ResetTokenGenerator):
    """allauth's generator: makes reset tokens, and accepts reset or invitation tokens."""

    def check_token(self, user, token):
        return super().check_token(user, token) or invitation_token_generator.check_token(user, token)


invitation_token_generator = InvitationTokenGenerator()
password_reset_token_generator = ResetTokenGenerator()
