"""The registers' periodic job (portal.scheduler runs it from the task worker)."""

import datetime

from portal.scheduler import Job

JOBS = [Job("Register of interests reminders", "send_interest_reminders", datetime.timedelta(hours=1))]
