"""Re-encrypt every secret kept at rest with the first PORTAL_ENCRYPTION_KEYS key.

Run after putting a new key first; once it has run, the old key can be removed.
Safe to run twice.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import crypto
from portal.models import OutboxMessage
from portal.secrets_at_rest import authenticator_data_rotated


class Command(BaseCommand):
    help = "Re-encrypt authenticator secrets and queued emails with the current (first) key."

    def handle(self, *args, **options):
        with transaction.atomic():
            authenticators = 0
            for authenticator in Authenticator.objects.select_for_update():
                authenticator.data = authenticator_data_rotated(authenticator.type, authenticator.data)
                authenticator.save(update_fields=["data"])
                authenticators += 1
            emails = 0
            for outbox in OutboxMessage.objects.select_for_update().exclude(payload=""):
                outbox.payload = crypto.rotate(outbox.payload)
                outbox.save(update_fields=["payload"])
                emails += 1
        self.stdout.write(f"Re-encrypted {authenticators} authenticator(s) and {emails} queued email(s).")
