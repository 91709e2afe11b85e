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
        ("report: summary", steering, "/reports/", "report"),
        ("report: guidance", support, "/reports/guidance/", "report"),
        ("report: training", steering, "/reports/training/", "report"),
        ("report: committee training", support, "/reports/committees/", "report"),
        ("report: induction", support, "/reports/induction/", "report"),
        ("report: casework", steering, "/reports/casework/", "report"),
        ("report: printable", steering, "/reports/print/", "report"),
    ]
