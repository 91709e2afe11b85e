"""The portal's own periodic jobs (portal.scheduler runs them from the task worker)."""

import datetime

from portal.scheduler import Job

JOBS = [Job("Prune finished tasks and sent emails", "prune_tasks", datetime.timedelta(hours=1))]
