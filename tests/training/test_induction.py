"""Induction packs: giving them out, progress, the dashboard, the cohort page and reminders."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal import roles
from tests.kit import row_with, text_of
from training import selectors, services
from training.models import Completion, Event, InductionAssignment


@pytest.fixture
def new_councillor(make_user, make_member):
    user = make_user("cllr.new@example.org", role=roles.COUNCILLOR, full_name="Aisha Rahman")
    make_member(
        user=user,
        first_name="Aisha",
        last_name="Rahman",
        ward="Thornleigh",
        term_start=timezone.localdate() - datetime.timedelta(days=21),
    )
    return user


@pytest.fixture
def pack(make_pack, make_document, make_course):
    code = make_document("Code of Conduct")
    social = make_document("Social Media Guide")
    conduct_course = make_course("Code of Conduct training", refresher_months=48)
    basics = make_course("Social media basics")
    return make_pack(
        "New members 2027",
        items=[(code, 14), (social, 14), (conduct_course, 30), (basics, 60)],
        opens_on=timezone.localdate() - datetime.timedelta(days=60),
    )


def complete(member, course, actor=None):
    return services.completion_record(
        member=member,
        course=course,
        completed_on=timezone.localdate(),
        source=Completion.Source.CERTIFICATE,
        actor=actor,
    )


def test_it_works_out_progress_from_acknowledgements_and_completions(new_councillor, pack, acknowledge):
    member = new_councillor.member
    assignment, created = services.induction_assign(pack=pack, member=member, actor=None)
    assert created
    code, social, conduct_course, basics = [item.document or item.course for item in pack.items.all()]
    acknowledge(member, code)
    complete(member, conduct_course)
    [progress] = selectors.member_induction(member)
    assert (progress.done, progress.total, progress.percent) == (2, 4, 50)
    # 21 days in: the guidance (14 days) is overdue, the courses (30 and 60 days) are not.
    assert [row.title for row in progress.overdue] == ["Social Media Guide"]
    assert [row.title for row in progress.next_steps] == ["Social Media Guide", "Social media basics"]
    annotated = selectors.with_progress(InductionAssignment.objects.filter(pk=assignment.pk)).get()
    assert (annotated.items_done, annotated.items_total, annotated.items_overdue) == (2, 4, 1)


def test_it_needs_the_latest_material_version_acknowledged(
    new_councillor, make_pack, make_document, acknowledge
):
    member = new_councillor.member
    guide = make_document("Social Media Guide", version=2)
    pack = make_pack(items=[(guide, 14)])
    services.induction_assign(pack=pack, member=member, actor=None)
    acknowledge(member, guide, number=1)
    assert selectors.member_induction(member)[0].done == 0
    acknowledge(member, guide, number=2)
    assert selectors.member_induction(member)[0].done == 1
    annotated = selectors.with_progress(InductionAssignment.objects.filter(member=member)).get()
    assert annotated.items_done == 1


def test_it_does_not_count_an_expired_completion_towards_induction(new_councillor, make_pack, make_course):
    member = new_councillor.member
    planning = make_course("Planning", refresher_months=12)
    pack = make_pack(items=[(planning, 30)])
    services.induction_assign(pack=pack, member=member, actor=None)
    services.completion_record(
        member=member,
        course=planning,
        completed_on=timezone.localdate() - datetime.timedelta(days=500),
        source=Completion.Source.CERTIFICATE,
        actor=None,
    )
    assert selectors.member_induction(member)[0].done == 0
    assert selectors.with_progress(InductionAssignment.objects.all()).get().items_done == 0


def test_it_shows_a_new_member_their_progress_and_next_steps_on_the_dashboard(
    client_for, new_councillor, pack, acknowledge
):
    member = new_councillor.member
    services.induction_assign(pack=pack, member=member, actor=None)
    acknowledge(member, pack.items.get(position=0).document)
    html = client_for(new_councillor).get("/").content.decode()
    assert '<progress id="progress-' in html
    assert 'max="4" value="1"' in html
    page = text_of(html)
    assert "Your induction" in page
    assert "1 of 4 done (25%)" in page
    assert "Next steps" in page
    steps = page.split("Next steps", 1)[1]
    assert steps.index("Social Media Guide") < steps.index("read and acknowledge")
    assert "Overdue" in page


def test_it_hides_the_induction_panel_once_everything_is_done(
    client_for, new_councillor, make_pack, make_course
):
    course = make_course("Welcome session")
    pack = make_pack(items=[(course, 30)])
    services.induction_assign(pack=pack, member=new_councillor.member, actor=None)
    assert "Your induction" in client_for(new_councillor).get("/").content.decode()
    complete(new_councillor.member, course)
    assert "Your induction" not in client_for(new_councillor).get("/").content.decode()


def test_it_gives_the_pack_automatically_to_a_member_added_after_it_opens(make_member, pack, run_tasks):
    joined = make_member(
        first_name="Priya", last_name="Newton", term_start=timezone.localdate(), email="priya@example.org"
    )
    earlier = make_member(term_start=pack.opens_on - datetime.timedelta(days=1))
    assert InductionAssignment.objects.filter(member=joined, pack=pack, how="automatic").exists()
    assert not InductionAssignment.objects.filter(member=earlier).exists()
    run_tasks()
    assert [m.subject for m in mail.outbox if m.to == ["priya@example.org"]] == [
        "Your induction: New members 2027"
    ]


def test_it_does_not_give_a_closed_pack_automatically(make_member, pack):
    pack.is_active = False
    pack.save()
    make_member(term_start=timezone.localdate())
    assert not InductionAssignment.objects.exists()


def test_it_gives_a_pack_to_a_cohort_once(client_for, member_support, make_member, pack):
    InductionAssignment.objects.all().delete()
    since = timezone.localdate() - datetime.timedelta(days=30)
    cohort = [make_member(term_start=since + datetime.timedelta(days=n)) for n in range(3)]
    InductionAssignment.objects.all().delete()  # forget the automatic ones: this is about the cohort form
    make_member(term_start=since - datetime.timedelta(days=400))
    client = client_for(member_support)
    data = {"kind": "cohort", "cohort-started_from": since.isoformat(), "cohort-started_to": ""}
    response = client.post(f"/training/induction/{pack.slug}/assign/", data)
    assert response.status_code == 302
    assert "given to 3 members" in client.get(response["Location"]).content.decode()
    assert set(InductionAssignment.objects.values_list("member_id", flat=True)) == {m.pk for m in cohort}
    client.post(f"/training/induction/{pack.slug}/assign/", data)
    assert InductionAssignment.objects.count() == 3


def test_it_gives_a_pack_to_one_member(client_for, member_support, councillor, pack):
    response = client_for(member_support).post(
        f"/training/induction/{pack.slug}/assign/", {"kind": "individual", "one-member": councillor.member.pk}
    )
    assert response.status_code == 302
    assignment = InductionAssignment.objects.get(member=councillor.member)
    assert assignment.how == "individual"
    assert assignment.start_date == councillor.member.term_start


def test_it_shows_member_support_each_members_progress_in_the_cohort(
    client_for, member_support, new_councillor, councillor, pack, acknowledge
):
    services.induction_assign(pack=pack, member=new_councillor.member, actor=None)
    services.induction_assign(
        pack=pack,
        member=councillor.member,
        actor=None,
        start_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    for item in pack.items.filter(document__isnull=False):
        acknowledge(councillor.member, item.document)
    html = client_for(member_support).get(f"/training/induction/{pack.slug}/").content.decode()
    page = text_of(html)
    assert "2 members" in page
    assert "1 behind" in page
    assert row_with(html, "Cllr Aisha Rahman").startswith("Cllr Aisha Rahman")
    assert "0 of 4 2 overdue Never" in row_with(html, "Cllr Aisha Rahman")
    assert "2 of 4 On track Never" in row_with(html, "Cllr Morgan Hale")
    behind = text_of(
        client_for(member_support).get(f"/training/induction/{pack.slug}/?show=behind").content.decode()
    )
    assert "Cllr Aisha Rahman" in behind
    assert "Cllr Morgan Hale" not in behind
    packs = text_of(client_for(member_support).get("/training/induction/").content.decode())
    assert "New members 2027" in packs


def test_it_reminds_members_who_are_behind_once_a_day(
    client_for, member_support, new_councillor, councillor, pack, run_tasks
):
    services.induction_assign(pack=pack, member=new_councillor.member, actor=None)
    services.induction_assign(
        pack=pack, member=councillor.member, actor=None, start_date=timezone.localdate()
    )
    run_tasks()
    mail.outbox.clear()
    client = client_for(member_support)
    response = client.post(f"/training/induction/{pack.slug}/remind/")
    assert "Reminder sent to 1 member" in client.get(response["Location"]).content.decode()
    run_tasks()
    assert [m.to for m in mail.outbox] == [["cllr.new@example.org"]]
    assert "These are now overdue" in mail.outbox[0].body
    assert "Code of Conduct: read and acknowledge" in mail.outbox[0].body
    assert InductionAssignment.objects.get(member=new_councillor.member).last_reminded_at is not None
    client.post(f"/training/induction/{pack.slug}/remind/")
    run_tasks()
    assert len(mail.outbox) == 1
    assert Event.objects.filter(action=Event.Action.REMINDER).count() == 1
