"""The guidance library's periodic jobs (portal.scheduler runs them from the task worker)."""

import datetime

from portal.scheduler import Job

JOBS = [Job("Guidance review reminders", "send_review_reminders", datetime.timedelta(days=1))]
