"""Delete finished background-task rows and sent (or abandoned) emails.

Safe to run as often as you like; the README suggests hourly.
"""

import datetime

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import OutboxMessage

# An email the worker has not sent in this long is given up (its text deleted).
ABANDON_AFTER = datetime.timedelta(days=7)


class Command(BaseCommand):
    help = "Delete finished task rows and sent emails older than --hours (default 24)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="keep finished rows this many hours")

    def handle(self, *args, hours, **options):
        now = timezone.now()
        cutoff = now - datetime.timedelta(hours=max(hours, 0))
        tasks, _ = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
        ).delete()
        sent, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
        abandoned, _ = OutboxMessage.objects.filter(
            sent_at__isnull=True, created_at__lt=now - ABANDON_AFTER
        ).delete()
        self.stdout.write(
            f"Deleted {tasks} finished task(s), {sent} sent email(s), {abandoned} abandoned email(s)."
        )
