"""Shared by the demo data, the demo_totp command and the tests."""

import contextlib
import os
import time
from unittest import mock

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

# A fixed, published secret so that demo staff accounts can sign in with a code
# printed by `manage.py demo_totp`. Never use the demo data in production.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEFAULT_DEMO_PASSWORD = "portal-demo"


def ensure_totp(user, secret: str = DEMO_TOTP_SECRET) -> Authenticator:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return existing
    return TOTP.activate(user, secret).instance


def current_totp_code(user, at: float | None = None) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = int(at if at is not None else time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def ensure_recovery_codes(user) -> Authenticator:
    """Give the user a set of recovery codes, keeping any they already have."""
    return RecoveryCodes.activate(user).instance


@contextlib.contextmanager
def emails_off():
    """The demo goes through the services, which queue emails: here nobody is sent any."""
    with mock.patch("portal.emails.enqueue_message"):
        yield


def demo_password() -> str:
    """The one password every demo login shares (DEMO_PASSWORD, or a fixed default)."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


# The people you can sign in as after `manage.py seed_demo`: email, name and
# what they are for. seed_demo creates them; demo_logins lists them.
DEMO_LOGINS = [
    ("cllr.new@example.org", "Aisha Rahman", "A councillor elected at a by-election a few weeks ago"),
    ("cllr.ward@example.org", "Morgan Hale", "A long-serving councillor on Planning and Licensing"),
    ("coopted@example.org", "Sam Okafor", "An independent co-opted member of the Standards Committee"),
    ("mssg@example.org", "Dana Whitlock", "A councillor who sits on the Member Support Steering Group"),
    ("mo@example.org", "Ruth Calder", "The Monitoring Officer"),
    ("deputy.mo@example.org", "Ian Marr", "The Deputy Monitoring Officer"),
    ("support@example.org", "Priya Shah", "A Member Support officer"),
    ("ip@example.org", "Hugh Barrow", "The Independent Person"),
    ("admin@example.org", "Site Administrator", "A superuser, for the technical team"),
]
