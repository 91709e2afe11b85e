"""List the demo logins made by seed_demo, with their roles and the shared password."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from portal.demo import DEMO_LOGINS, demo_password
from portal.models import User


class Command(BaseCommand):
    help = "Print a table of the demo logins, their roles and how to sign in as them."

    def handle(self, *args, **options):
        users = {
            user.email: user
            for user in User.objects.filter(
                email__in=[email for email, _, _ in DEMO_LOGINS]
            ).prefetch_related("groups")
        }
        with_totp = set(
            Authenticator.objects.filter(user__in=users.values(), type=Authenticator.Type.TOTP).values_list(
                "user__email", flat=True
            )
        )
        if not users:
            self.stdout.write("No demo logins yet: run `manage.py seed_demo` first.")
            return
        rows = [("Email", "Name", "Roles", "Needs a code")]
        for email, name, _about in DEMO_LOGINS:
            user = users.get(email)
            if user is None:
                continue
            role_names = sorted(group.name for group in user.groups.all())
            if user.is_superuser:
                role_names.insert(0, "Superuser")
            rows.append(
                (email, user.full_name or name, ", ".join(role_names) or "-", _code(email, with_totp))
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        self.stdout.write(
            self.style.MIGRATE_HEADING("Demo logins (fictional people; never use in production)")
        )
        self.stdout.write("\n".join(line.rstrip() for line in lines))
        self.stdout.write(f"\nPassword for every login: {demo_password()}")
        if with_totp:
            self.stdout.write(
                "Staff accounts also ask for a six-digit code. Get the current one with:\n"
                "  python manage.py demo_totp EMAIL"
            )


def _code(email, with_totp):
    return "yes" if email in with_totp else "no"
