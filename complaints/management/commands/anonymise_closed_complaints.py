"""Remove personal details from complaints that ended longer ago than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from complaints.services import anonymise_closed_complaints


class Command(BaseCommand):
    help = (
        "Anonymise standards complaints that ended (closed, withdrawn, or at any other outcome) more "
        "than COMPLAINT_RETENTION_YEARS ago, and delete complaints whose email was never confirmed. "
        "Safe to run every day: each case is done once."
    )

    def handle(self, *args, **options):
        count = anonymise_closed_complaints()
        years = settings.COMPLAINT_RETENTION_YEARS
        self.stdout.write(
            f"Anonymised {count} complaint{'s' if count != 1 else ''} closed more than {years} "
            f"year{'s' if years != 1 else ''} ago."
        )
