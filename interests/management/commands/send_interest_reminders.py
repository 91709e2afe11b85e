from django.core.management.base import BaseCommand

from interests.services import reminders_send


class Command(BaseCommand):
    help = (
        "Remind new members to fill in their register of interests (7 and 21 days after joining), members "
        "with changes waiting, everyone for the yearly confirmation, and the Monitoring Officer of overdue "
        "registers. Safe to run as often as you like: each reminder goes once."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(
            "Reminders queued: {new_members} to new members, {changes} about changes waiting, "
            "{annual} yearly confirmations; {overdue} overdue registers reported.".format(**sent)
        )
