"""The uptake reports at scale: every figure is a database aggregate, so the
pages should cost the same whatever the size. Uses the members, guidance and
training that the other bench modules generate."""

from django.contrib.auth.models import Group

from portal import roles
from portal.models import User


def build(people):
    steering, _ = User.objects.get_or_create(
        email="bench.mssg@example.org", defaults={"full_name": "Bench Steering"}
    )
    steering.groups.add(Group.objects.get(name=roles.STEERING_GROUP_MEMBER))
    people["steering"] = steering


def pages(people):
    support, steering = people["support"], people["steering"]
    return [
        ("reports: summary (steering group)", steering, "/reports/", 1500),
        ("reports: guidance (member support)", support, "/reports/guidance/", 1500),
        ("reports: training", steering, "/reports/training/", 400),
        ("reports: committee training", support, "/reports/committees/", 400),
        ("reports: induction", support, "/reports/induction/", 400),
        ("reports: casework", steering, "/reports/casework/", 300),
    ]
