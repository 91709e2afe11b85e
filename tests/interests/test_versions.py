"""A register's versions: drafts copied from the latest, numbered submissions, review, comparison."""

import pytest

from interests import selectors, services
from interests.models import Entry, InterestEvent, Return, Status
from portal.errors import DomainError
from portal.selectors import member_for


def test_it_numbers_each_submission_and_keeps_every_version(councillor, submit_return, monitoring_officer):
    first = submit_return(councillor, publish=True)
    member = member_for(councillor)
    second = submit_return(councillor, entries=[("charities", "Trustee of Riverside Food Bank", {})])
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED
    assert second.status == Status.SUBMITTED
    # The second version carries the first's entry forward, plus the new one.
    assert sorted(second.entries.values_list("description", flat=True)) == [
        "Solicitor at Fenwick & Hale LLP",
        "Trustee of Riverside Food Bank",
    ]
    services.return_publish(version_id=second.pk, actor=monitoring_officer)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert member.interest_register.__class__.objects.get(member=member).published_return_id == second.pk


def test_it_compares_two_versions_entry_by_entry(councillor, submit_return, category):
    member = member_for(councillor)
    first = submit_return(
        councillor,
        entries=[("employment", "Solicitor", {}), ("land", "12 Mill Lane, Fellbridge", {})],
    )
    draft, _ = services.draft_start(member=member, actor=councillor)
    land = draft.entries.get(category__slug="land")
    services.entry_remove(member=member, actor=councillor, entry_id=land.pk)
    services.entry_add(member=member, actor=councillor, category=category("charities"), description="Trustee")
    second, _ = services.return_submit(member=member, actor=councillor, draft_id=draft.pk)
    rows = {
        (row.category, row.change) for row in selectors.compare(first, selectors.version(second.register, 2))
    }
    assert ("Land in the council's area", "removed") in rows
    assert ("Charities", "added") in rows
    assert ("Employment, office, trade, profession or vocation", "same") in rows


def test_it_makes_one_version_when_the_same_draft_is_submitted_twice(councillor, category):
    member = member_for(councillor)
    draft, _ = services.draft_start(member=member, actor=councillor)
    services.entry_add(
        member=member, actor=councillor, category=category("employment"), description="Teacher"
    )
    first, created = services.return_submit(member=member, actor=councillor, draft_id=draft.pk)
    again, created_again = services.return_submit(member=member, actor=councillor, draft_id=draft.pk)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Return.objects.filter(register__member=member).count() == 1
    assert InterestEvent.objects.filter(register__member=member, action="submitted").count() == 1


def test_it_keeps_one_draft_however_often_it_is_started(councillor):
    member = member_for(councillor)
    one, made = services.draft_start(member=member, actor=councillor)
    two, made_again = services.draft_start(member=member, actor=councillor)
    assert one.pk == two.pk and made and not made_again


def test_it_sends_a_version_back_with_a_message_the_member_sees(
    councillor, submit_return, monitoring_officer, client_for, emails
):
    version = submit_return(councillor)
    with emails() as sent:
        services.return_request_changes(
            version_id=version.pk, actor=monitoring_officer, message="Please name the employer in full."
        )
    version.refresh_from_db()
    assert version.status == Status.CHANGES_REQUESTED
    assert [m.to for m in sent] == [[councillor.email]]
    assert "Please name the employer" not in sent[0].body  # the message is read after signing in
    page = client_for(councillor).get(f"/interests/members/{version.register.member_id}/")
    assert "Please name the employer in full." in page.content.decode()


def test_it_refuses_to_publish_while_a_request_to_withhold_is_undecided(
    councillor, submit_return, monitoring_officer
):
    version = submit_return(
        councillor, entries=[("land", "Farm at Holm End", {"sensitive_reason": "A stalker knows the area"})]
    )
    with pytest.raises(DomainError, match="Decide every request"):
        services.return_publish(version_id=version.pk, actor=monitoring_officer)
    entry = version.entries.get()
    services.entry_decide_sensitive(entry_id=entry.pk, actor=monitoring_officer, agree=True, note="Agreed")
    services.return_publish(version_id=version.pk, actor=monitoring_officer)
    entry.refresh_from_db()
    assert entry.sensitive == "agreed"
    assert entry.sensitive_decided_by == monitoring_officer
    assert entry.sensitive_decision_note == "Agreed"


def test_it_does_not_let_a_member_review_their_own_register(councillor, submit_return):
    version = submit_return(councillor)
    with pytest.raises(DomainError):
        services.return_publish(version_id=version.pk, actor=councillor)


def test_it_does_not_let_one_member_change_anothers_register(councillor, other_councillor):
    with pytest.raises(DomainError):
        services.draft_start(member=member_for(councillor), actor=other_councillor)


def test_it_confirms_an_unchanged_register_as_a_new_version(councillor, submit_return):
    submit_return(councillor, publish=True)
    member = member_for(councillor)
    version, created = services.register_confirm_unchanged(member=member, actor=councillor)
    assert created and version.number == 2 and version.is_confirmation
    assert version.entries.count() == 1


def test_it_lets_member_support_type_in_a_paper_return_marked_as_such(
    parish, make_member, member_support, submit_return
):
    paper_member = make_member(authority=parish, first_name="Len", last_name="Marsh")
    version = submit_return(paper_member, actor=member_support)
    assert version.on_paper and version.paper_received_on is not None
    assert version.submitted_by == member_support
    assert InterestEvent.objects.filter(register__member=paper_member, actor=member_support).exists()


def test_it_keeps_member_support_out_of_registers_of_members_with_a_login(councillor, member_support):
    from django.utils import timezone

    with pytest.raises(DomainError):
        services.draft_start(
            member=member_for(councillor), actor=member_support, paper_received_on=timezone.localdate()
        )


def test_it_keeps_each_entrys_key_from_version_to_version(councillor, submit_return):
    first = submit_return(councillor)
    second = submit_return(councillor, entries=[])
    assert set(first.entries.values_list("key", flat=True)) == set(
        second.entries.values_list("key", flat=True)
    )
    assert Entry.objects.filter(return_version__register=first.register).count() == 2
