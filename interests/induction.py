"""The induction step "Register of interests: fill in and submit it", for training's induction packs.

A new member must register their interests within 28 days of becoming a member
(Localism Act 2011 s.30), so every induction pack has this step. It is done when
the member's first return was submitted, by the member or typed in by Member
Support from a paper form; a draft does not count.
"""

from django.conf import settings
from django.db.models import Exists
from django.urls import reverse

from interests.models import Register
from training.extensions import InductionStep

STEP_KEY = "interests_register_submitted"


def completed_on(member_ids):
    """``{member_id: date}`` of each member's first submitted return, in one query.

    ``member_ids`` may be ids or a subquery of them (a ``values("member_id")`` queryset)."""
    rows = Register.objects.filter(member_id__in=member_ids, first_submitted_at__isnull=False)
    return dict(rows.values_list("member_id", "first_submitted_at__date"))


def done(member_ref, today):
    """Has the member (an expression for their pk) submitted a first return by ``today``?"""
    return Exists(Register.objects.filter(member=member_ref, first_submitted_at__date__lte=today))


def url(member_id):
    return reverse("interests:register", args=[member_id])


def step():
    return InductionStep(
        key=STEP_KEY,
        label="Register of interests",
        action="fill in and submit it",
        completed_on=completed_on,
        done=done,
        url=url,
        in_every_pack=True,
        due_days=settings.INTERESTS_REGISTRATION_DAYS,
    )
