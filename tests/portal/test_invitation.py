"""Inviting members to sign in, from the back office, and following the link."""

import functools
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from portal import roles
from portal.errors import DomainError
from portal.models import AuditEvent, Member, User
from portal.services import member_invite

MEMBERS = "/back-office/portal/member/"
NEW_PASSWORD = "a-long-new-passphrase-42"


def invite_by_action(client, members, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            MEMBERS,
            {"action": "invite_members", "_selected_action": [str(m.pk) for m in members]},
            follow=True,
        )
    run_tasks()
    return response


def link_in(message) -> str:
    match = re.search(r"^(http\S+/accounts/password/reset/key/\S+)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1).removeprefix(settings.SITE_URL)


def shown_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_invites_selected_members_with_one_email_each(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    first = make_member(first_name="Iris", last_name="Vale", email="iris.vale@example.org")
    second = make_member(
        first_name="Owen",
        last_name="Lusk",
        email="Owen.Lusk@example.org",
        member_type=Member.MemberType.CO_OPTED,
    )
    client.force_login(member_support)

    response = invite_by_action(client, [first, second], django_capture_on_commit_callbacks, run_tasks)

    assert response.status_code == 200
    assert sorted(m.to for m in mailoutbox) == [["iris.vale@example.org"], ["owen.lusk@example.org"]]
    assert all("/accounts/password/reset/key/" in m.body for m in mailoutbox)
    text = " ".join(shown_messages(response))
    assert "Invitation sent to Iris Vale at iris.vale@example.org." in text
    assert "Invitation sent to Owen Lusk at owen.lusk@example.org." in text
    first.refresh_from_db()
    second.refresh_from_db()
    assert list(first.user.groups.values_list("name", flat=True)) == [roles.COUNCILLOR]
    assert list(second.user.groups.values_list("name", flat=True)) == [roles.CO_OPTED_MEMBER]
    assert first.invited_at is not None
    assert not first.user.has_usable_password()
    events = AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_INVITED, actor=member_support)
    assert {event.object_id for event in events} == {str(first.pk), str(second.pk)}


def test_it_sends_the_email_only_after_the_invitation_is_saved(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    member = make_member()
    client.force_login(member_support)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(MEMBERS, {"action": "invite_members", "_selected_action": [str(member.pk)]})
    assert mailoutbox == []
    # One email queued for the commit; the rest are the page caches' stamps (a member was saved).
    queued = [callback for callback in callbacks if isinstance(callback, functools.partial)]
    assert len(queued) == 1
    assert all(
        getattr(callback, "__name__", "").endswith("_bump")
        for callback in callbacks
        if callback not in queued
    )


def test_it_tells_the_officer_when_a_member_has_no_email(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    member = make_member(first_name="Nell", last_name="Nomail", email="")
    client.force_login(member_support)

    response = invite_by_action(client, [member], django_capture_on_commit_callbacks, run_tasks)

    assert "Nell Nomail has no email address, so cannot be invited." in shown_messages(response)
    assert mailoutbox == []
    member.refresh_from_db()
    assert member.user is None
    assert member.invited_at is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_INVITED).exists()


def test_it_invites_the_others_when_one_selected_member_cannot_be_invited(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    good = make_member(email="good@example.org")
    bad = make_member(first_name="Lee", last_name="Left", status=Member.Status.LEFT)
    client.force_login(member_support)

    response = invite_by_action(client, [good, bad], django_capture_on_commit_callbacks, run_tasks)

    assert "Lee Left has left, so cannot be invited." in shown_messages(response)
    assert [m.to for m in mailoutbox] == [["good@example.org"]]


def test_it_re_sends_a_fresh_link_without_duplicating_the_login(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    member = make_member(email="twice@example.org")
    client.force_login(member_support)

    invite_by_action(client, [member], django_capture_on_commit_callbacks, run_tasks)
    invite_by_action(client, [member], django_capture_on_commit_callbacks, run_tasks)

    assert len(mailoutbox) == 2
    assert User.objects.filter(email="twice@example.org").count() == 1
    user = User.objects.get(email="twice@example.org")
    assert user.groups.count() == 1
    assert user.emailaddress_set.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_INVITED).count() == 2


def test_it_invites_from_the_member_page(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    member = make_member(first_name="Page", last_name="Button", email="button@example.org")
    client.force_login(member_support)
    page = client.get(f"{MEMBERS}{member.pk}/change/")
    assert 'value="Invite to sign in"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{MEMBERS}{member.pk}/invite/", follow=True)
    run_tasks()

    assert response.redirect_chain[-1][0] == f"{MEMBERS}{member.pk}/change/"
    assert "Invitation sent to Page Button at button@example.org." in shown_messages(response)
    assert [m.to for m in mailoutbox] == [["button@example.org"]]
    assert 'value="Send a new invitation to sign in"' in response.content.decode()


def test_it_only_invites_on_post(client, member_support, make_member):
    member = make_member()
    client.force_login(member_support)
    assert client.get(f"{MEMBERS}{member.pk}/invite/").status_code == 405
    member.refresh_from_db()
    assert member.user is None


def test_it_refuses_invitations_from_officers_without_the_permission(
    client, monitoring_officer, make_member, mailoutbox
):
    member = make_member()
    client.force_login(monitoring_officer)
    assert client.post(f"{MEMBERS}{member.pk}/invite/").status_code == 403
    page = client.get(f"{MEMBERS}{member.pk}/change/")
    assert "Invite to sign in" not in page.content.decode()
    member.refresh_from_db()
    assert member.user is None


def test_it_lets_the_invited_member_set_a_password_and_reach_the_dashboard(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    member = make_member(
        first_name="Fern", last_name="Ashby", email="fern.ashby@example.org", ward="Millbrook"
    )
    client.force_login(member_support)
    invite_by_action(client, [member], django_capture_on_commit_callbacks, run_tasks)
    link = link_in(mailoutbox[0])
    client.logout()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
        )

    assert done.status_code == 200
    assert done.wsgi_request.user.email == "fern.ashby@example.org"
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "Cllr Fern Ashby" in dashboard.content.decode()
    assert "Millbrook" in dashboard.content.decode()
    assert User.objects.get(email="fern.ashby@example.org").check_password(NEW_PASSWORD)


def test_it_stops_the_link_working_once_used(
    client, member_support, make_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    member = make_member(email="once@example.org")
    client.force_login(member_support)
    invite_by_action(client, [member], django_capture_on_commit_callbacks, run_tasks)
    link = link_in(mailoutbox[0])
    client.logout()
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    again = client.get(link, follow=True)
    assert again.context["token_fail"] is True
    assert "This link does not work" in again.content.decode()
    client.post(link, {"password1": "another-passphrase-99", "password2": "another-passphrase-99"})
    assert User.objects.get(email="once@example.org").check_password(NEW_PASSWORD)


def test_it_refuses_to_link_an_email_that_belongs_to_another_members_login(
    make_member, councillor, member_support
):
    clash = make_member(first_name="Echo", last_name="Clash", email="cllr.ward@example.org")
    with pytest.raises(DomainError, match="already belongs to another member"):
        member_invite(member=clash, actor=member_support)
    clash.refresh_from_db()
    assert clash.user is None
