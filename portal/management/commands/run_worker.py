import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections, connections

from portal.scheduler import run_due_jobs

# Waits between attempts while the database is away: 1 s, doubling up to 30 s.
FIRST_WAIT = 1
LONGEST_WAIT = 30


class Command(BaseCommand):
    # The checks run in work(), where a database that is away is waited for, not fatal.
    requires_system_checks = []
    help = (
        "The task worker: runs queued tasks (emails) like db_worker, and every minute runs the "
        "periodic jobs that are due (reminders hourly, retention daily). Run one or more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1, help="Seconds between looks for new tasks.")
        parser.add_argument(
            "--schedule-every", type=float, default=60, help="Seconds between schedule checks."
        )

    def handle(self, *args, interval, schedule_every, **options):
        threading.Thread(target=self.schedule_loop, args=(schedule_every,), daemon=True).start()
        self.work(interval)

    def work(self, interval):
        """Run db_worker; when the database goes away, wait and start again rather than exit.

        db_worker stops at the first connection error, and a stopped worker sends nothing
        until someone restarts it; this one carries on once the database is back (and
        starts when the database is not there yet).
        """
        wait = FIRST_WAIT
        while True:
            started = time.monotonic()
            try:
                self.check()
                self.stdout.write(f"Task worker looking for tasks every {interval:g} s.")
                self.stdout.flush()
                call_command("db_worker", interval=interval)
                return
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > LONGEST_WAIT:
                    wait = FIRST_WAIT  # it had been working: a new outage
                self.stderr.write(
                    f"Database unavailable ({type(error).__name__}); trying again in {wait:g} s."
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)

    def schedule_loop(self, every):
        while True:
            try:
                close_old_connections()
                for name in run_due_jobs():
                    self.stdout.write(f"Ran scheduled job: {name}")
            except Exception as error:  # keep scheduling; the failure is logged
                self.stderr.write(f"Scheduler: {error}")
            finally:
                close_old_connections()
            time.sleep(every)
