from django.core.management.base import BaseCommand

from training.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email members about sessions starting within two days, and members behind on induction. "
        "Safe to run as often as you like (e.g. hourly from cron): each reminder goes once."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(
            f"Session reminders queued: {sent['sessions']}. Induction reminders queued: {sent['induction']}."
        )
