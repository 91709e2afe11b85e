"""Standards complaints' periodic jobs (portal.scheduler runs them from the task worker)."""

import datetime

from portal.scheduler import Job

JOBS = [Job("Complaints retention", "anonymise_closed_complaints", datetime.timedelta(days=1))]
