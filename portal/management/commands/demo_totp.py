"""Print the current two-factor code for a demo account that uses the published secret."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from portal.demo import current_totp_code
from portal.models import User


class Command(BaseCommand):
    help = "Print the current six-digit sign-in code for a demo account (after seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's email address, e.g. mo@example.org")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no account for {email}. Has `manage.py seed_demo` been run?")
        try:
            code = current_totp_code(user)
        except Authenticator.DoesNotExist:
            raise CommandError(f"{user.email} does not use two-factor authentication.") from None
        self.stdout.write(code)
