from django.core.management.base import BaseCommand

from guidance.services import review_reminders_send


class Command(BaseCommand):
    help = (
        "Remind each guidance document's owner that its review falls due within 30 days. "
        "Safe to run as often as you like: each review is reminded of once."
    )

    def handle(self, *args, **options):
        sent = review_reminders_send()
        self.stdout.write(f"Review reminders queued: {sent}.")
