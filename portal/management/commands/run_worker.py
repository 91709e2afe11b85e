import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal.scheduler import run_due_jobs


class Command(BaseCommand):
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
        call_command("db_worker", interval=interval)

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
