"""The reports' periodic job (portal.scheduler runs it from the task worker)."""

import datetime

from portal.scheduler import Job

JOBS = [Job("Fold report write counts", "prune_figure_writes", datetime.timedelta(minutes=15))]
