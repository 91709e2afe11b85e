"""The dashboard: the member's register and quick gift form; the officers' waiting work."""

import datetime
from io import StringIO
from types import SimpleNamespace

from django.utils import timezone

from interests import demo, services
from interests.models import Dispensation, Gift, Register, Return, Status
from portal.selectors import member_for
from tests.kit import text_of


def test_a_member_sees_when_their_register_is_due_and_can_register_a_gift(client_for, make_user, make_member):
    from portal import roles

    user = make_user(role=roles.COUNCILLOR)
    make_member(user=user, term_start=timezone.localdate() - datetime.timedelta(days=3), term_end=None)
    page = text_of(client_for(user).get("/"))
    due = timezone.localdate() + datetime.timedelta(days=25)
    assert "You have not filled in your register yet" in page
    assert f"due by {due:%-d %B %Y}" in page
    assert "Register a gift or hospitality" in page


def test_a_member_with_an_old_term_sees_their_register_is_overdue(client_for, councillor):
    assert "overdue" in text_of(client_for(councillor).get("/"))


def test_a_member_sees_the_latest_version_and_a_waiting_draft(client_for, councillor, submit_return):
    submit_return(councillor, publish=True)
    services.draft_start(member=member_for(councillor), actor=councillor)
    page = text_of(client_for(councillor).get("/"))
    assert "Version 1: accepted and published" in page
    assert "You have a draft with changes not yet submitted" in page


def test_the_monitoring_officer_sees_what_waits(client_for, councillor, monitoring_officer, submit_return):
    submit_return(councillor)
    page = text_of(client_for(monitoring_officer).get("/"))
    assert "1 waiting for review" in page
    assert "Open the registers" in page


def test_others_get_no_register_panel(client_for, mssg_member, independent_person, superuser):
    for user in (mssg_member, independent_person, superuser):
        page = text_of(client_for(user).get("/"))
        assert "Registers of interests" not in page and "Your register of interests" not in page


def test_the_demo_shows_every_state_and_adds_nothing_the_second_time(
    councillor, coopted_member, monitoring_officer, member_support, make_user, make_member, parish
):
    from portal import roles
    from portal.models import Authority

    for email, first in [("cllr.new@example.org", "Aisha"), ("mssg@example.org", "Dana")]:
        user = make_user(email, role=roles.COUNCILLOR)
        make_member(user=user, first_name=first, last_name="Demo")
    ashworth = Authority.objects.create(name="Ashworth Parish Council", slug="ashworth", parent=parish.parent)
    make_member(authority=ashworth, first_name="Alan", last_name="Abbott")
    command = SimpleNamespace(today=timezone.localdate(), stdout=StringIO())
    demo.seed(command)
    states = set(Return.objects.values_list("status", flat=True))
    assert states == {Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.PUBLISHED}
    assert Return.objects.filter(on_paper=True, status=Status.PUBLISHED).exists()
    assert set(Dispensation.objects.values_list("decision", flat=True)) == {"granted", "requested"}
    assert Gift.objects.filter(is_late=True).exists() and Gift.objects.filter(accepted=False).exists()
    assert Register.objects.filter(published_return__entries__sensitive="agreed").exists()
    before = (Return.objects.count(), Gift.objects.count(), Dispensation.objects.count())
    demo.seed(command)
    assert (Return.objects.count(), Gift.objects.count(), Dispensation.objects.count()) == before


def test_the_officers_see_gifts_registered_in_the_last_week_before_the_deadline(councillor, declare_gift):
    from interests.selectors import gifts_near_deadline

    member = member_for(councillor)
    today = timezone.localdate()
    declare_gift(member, received_on=today - datetime.timedelta(days=22), description="Cutting it fine")
    declare_gift(member, received_on=today - datetime.timedelta(days=3), description="In good time")
    declare_gift(member, received_on=today - datetime.timedelta(days=40), description="Late")
    assert list(gifts_near_deadline(today).values_list("description", flat=True)) == ["Cutting it fine"]
