"""Committee eligibility: a member without current required training is flagged, to them and to officers."""

import datetime

import pytest
from django.utils import timezone

from tests.kit import row_with, text_of
from training import selectors, services
from training.models import CommitteeRequirement, Completion


@pytest.fixture
def planning_setup(make_committee, make_course):
    planning = make_committee("Planning Committee")
    course = make_course("Planning and Licensing training", refresher_months=12, requirement="committee")
    CommitteeRequirement.objects.create(committee=planning, course=course)
    return planning, course


def record(member, course, days_ago):
    return services.completion_record(
        member=member,
        course=course,
        completed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        source=Completion.Source.CERTIFICATE,
        actor=None,
    )


def test_it_flags_a_committee_member_who_has_never_trained(
    client_for, councillor, planning_setup, on_committee
):
    planning, course = planning_setup
    on_committee(councillor.member, planning)
    page = text_of(client_for(councillor).get("/").content.decode())
    assert "You are not eligible to sit on the Planning Committee until trained." in page
    assert "Planning and Licensing training (not yet done)" in page


def test_it_flags_a_member_whose_training_has_expired(
    client_for, councillor, member_support, planning_setup, on_committee
):
    planning, course = planning_setup
    on_committee(councillor.member, planning)
    old = record(councillor.member, course, days_ago=400)
    dashboard = text_of(client_for(councillor).get("/").content.decode())
    assert "You are not eligible to sit on the Planning Committee until trained." in dashboard
    assert f"expired {old.expires_on:%-d %b %Y}" in dashboard
    html = client_for(member_support).get("/training/eligibility/").content.decode()
    row = row_with(html, "Cllr Morgan Hale")
    assert "Not eligible to sit on the Planning Committee until trained" in row
    assert f"expired {old.expires_on:%-d %b %Y}" in row
    officer_dashboard = text_of(client_for(member_support).get("/").content.decode())
    assert "Not eligible to sit until trained : 1" in officer_dashboard
    assert "Cllr Morgan Hale Planning Committee: Planning and Licensing training" in officer_dashboard


def test_it_does_not_flag_a_member_with_current_training(
    client_for, councillor, planning_setup, on_committee
):
    planning, course = planning_setup
    on_committee(councillor.member, planning)
    record(councillor.member, course, days_ago=30)
    assert "not eligible" not in client_for(councillor).get("/").content.decode()
    assert selectors.eligibility_gaps() == []


def test_it_ignores_a_pending_declaration_and_former_committee_places(
    councillor, other_councillor, planning_setup, on_committee
):
    planning, course = planning_setup
    on_committee(councillor.member, planning)
    membership = on_committee(other_councillor.member, planning)
    membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    Completion.objects.create(
        member=councillor.member,
        course=course,
        source=Completion.Source.E_LEARNING,
        status=Completion.Status.PENDING,
        completed_on=timezone.localdate(),
    )
    gaps = selectors.eligibility_gaps()
    assert [(gap.member, gap.committee) for gap in gaps] == [(councillor.member, planning)]


def test_it_shows_committee_training_as_due_in_the_members_record(
    client_for, councillor, planning_setup, on_committee
):
    planning, course = planning_setup
    on_committee(councillor.member, planning)
    html = client_for(councillor).get("/training/record/").content.decode()
    assert "Required before you sit on the Planning Committee" in row_with(
        html, "Planning and Licensing training"
    )
    assert "You are not eligible to sit on the Planning Committee until trained." in text_of(html)


def test_it_keeps_the_most_urgent_reason_for_a_course_that_is_due(
    client_for, councillor, planning_setup, on_committee, make_pack
):
    planning, course = planning_setup
    on_committee(councillor.member, planning)
    pack = make_pack(items=[(course, 60)])
    services.induction_assign(
        pack=pack, member=councillor.member, actor=None, start_date=timezone.localdate()
    )
    html = client_for(councillor).get("/training/record/").content.decode()
    row = row_with(html, "Planning and Licensing training Required")
    assert "Required before you sit on the Planning Committee" in row
    assert "Now" in row
