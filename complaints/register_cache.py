"""The public register of decisions, the same for every visitor: its table kept rendered
(portal.stamped_cache) until a decision notice is saved or deleted.

Its rows come from the notices alone (the published date, the councillor's and the
council's names as published, the decision), so one copy per page number serves everyone.
"""

from portal.stamped_cache import Stamped


def _models():
    from complaints.models import DecisionNotice

    return (DecisionNotice,)


REGISTER = Stamped("complaints:register", _models, lifetime=60)
