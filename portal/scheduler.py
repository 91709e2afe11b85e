"""Periodic jobs run by the task worker itself, so no one has to remember a cron line.

Each app lists its jobs in a ``schedule`` module (``JOBS = [Job(...)]``), found
like its roles and demo data (portal.discovery). ``run_due_jobs()`` runs every
job whose interval has passed since it last started. It is safe on any number
of workers at once: a job is claimed by locking its ScheduledJob row with
``SELECT … FOR UPDATE SKIP LOCKED`` and re-checking that it is still due, so one
worker runs it and the others skip it. Every job is itself safe to run twice.
"""

import datetime
import io
import logging
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from portal.discovery import app_modules
from portal.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A management command to run every ``every``."""

    name: str
    command: str
    every: datetime.timedelta


def registered_jobs() -> list[Job]:
    return [job for module in app_modules("schedule", skip=()) for job in module.JOBS]


def _claim(job: Job, now) -> bool:
    """Mark ``job`` as started if it is due and no other worker holds it."""
    ScheduledJob.objects.get_or_create(name=job.name)
    with transaction.atomic():
        row = ScheduledJob.objects.select_for_update(skip_locked=True).filter(name=job.name).first()
        if row is None:  # another worker is claiming it right now
            return False
        if row.last_started_at and row.last_started_at > now - job.every:
            return False
        row.last_started_at = now
        row.last_outcome = ScheduledJob.Outcome.RUNNING
        row.runs += 1
        row.save(update_fields=["last_started_at", "last_outcome", "runs"])
    return True


def run_job(job: Job) -> None:
    output = io.StringIO()
    try:
        call_command(job.command, stdout=output)
        outcome = ScheduledJob.Outcome.SUCCEEDED
    except Exception:  # a failed job is recorded and retried at its next interval
        logger.exception("Scheduled job %s failed", job.name)
        outcome = ScheduledJob.Outcome.FAILED
        output.write("Failed: see the worker's log.")
    ScheduledJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(), last_outcome=outcome, last_output=output.getvalue()[-4000:]
    )


def run_due_jobs(now=None) -> list[str]:
    """Run every job that is due; returns the names of those this worker ran."""
    now = now or timezone.now()
    ran = []
    for job in registered_jobs():
        if _claim(job, now):
            run_job(job)
            ran.append(job.name)
    return ran
