"""The demo shows the induction step "Register of interests" done for someone in a cohort."""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command

from interests.induction import STEP_KEY
from training.models import InductionAssignment
from training.selectors.induction import induction_progress_for_assignments

pytestmark = pytest.mark.django_db


def test_a_member_of_the_2023_cohort_has_the_register_step_done(settings, monkeypatch, tmp_path):
    from interests.models import Register, Return, Status
    from portal.management.commands import seed_demo

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        seed_demo,
        "feature_demos",
        lambda: [importlib.import_module(f"{app}.demo") for app in ("guidance", "training", "interests")],
    )
    call_command("seed_demo", force=True, stdout=StringIO())
    cohort = InductionAssignment.objects.filter(
        pack__slug="new-members-2023", how=InductionAssignment.How.COHORT
    ).select_related("member", "pack")
    done = [
        progress.assignment.member
        for progress in induction_progress_for_assignments(cohort)
        if any(row.done for row in progress.items if row.item.step == STEP_KEY)
    ]
    assert done, "no member of the 2023 cohort has the register step done"
    register = Register.objects.get(member=done[0])
    # Submitted by the member themselves, through the services, and published.
    first = register.returns.get(number=1)
    assert first.status == Status.PUBLISHED
    assert register.published_at is not None
    # Not everyone in the cohort: the page still shows who has yet to do it.
    assert len(done) < cohort.count()
    # Running the demo again adds nothing.
    before = Return.objects.count()
    call_command("seed_demo", force=True, stdout=StringIO())
    assert Return.objects.count() == before


def test_the_demo_summary_counts_one_register_in_the_singular(monitoring_officer, make_user, make_member):
    from types import SimpleNamespace

    from django.utils import timezone

    from interests import demo
    from portal import roles

    user = make_user("cllr.new@example.org", role=roles.COUNCILLOR)
    make_member(user=user, first_name="Aisha", last_name="Demo")
    lines = demo.seed(SimpleNamespace(today=timezone.localdate(), stdout=StringIO()))
    assert lines[0].endswith("(1 register added now)"), lines
