"""Training's periodic jobs (portal.scheduler runs them from the task worker)."""

import datetime

from portal.scheduler import Job

JOBS = [Job("Training reminders", "send_training_reminders", datetime.timedelta(hours=1))]
