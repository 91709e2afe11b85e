"""Issue 12, "Officers taking over accounts": every way Member Support could become someone else.

The matrix at the top is Member Support trying every user-changing back-office
URL (change, password, delete, role grant) and the invitation flow on an
Independent Person, a councillor and the Monitoring Officer: each attempt is
refused, changes nothing, and leaves an audit row.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from portal import roles
from portal.models import AuditEvent, Member, User
from portal.services import (
    AccountChangeRefused,
    account_details_check,
    member_invite,
    password_reset_link_send,
    user_roles_set,
)
from tests.conftest import PASSWORD

USERS = "/back-office/portal/user/"
MEMBERS = "/back-office/portal/member/"
NEW_PASSWORD = "a-long-new-passphrase-42"
TARGETS = ["independent_person", "councillor", "monitoring_officer"]


def refusals(target=None):
    rows = AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_CHANGE_REFUSED)
    return rows.filter(object_id=str(target.pk)) if target is not None else rows


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (
        user.email,
        user.full_name,
        user.is_active,
        user.password,
        sorted(user.groups.values_list("name", flat=True)),
    )


def change_data(user, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    data.update(changes)
    return data


def role_pk(name):
    return str(Group.objects.get(name=name).pk)


# Each attempt: (what, how to make the request). Every one must be refused.
ATTEMPTS = {
    "change the email": lambda c, u: c.post(f"{USERS}{u.pk}/change/", change_data(u, email="me@example.org")),
    "change the name": lambda c, u: c.post(
        f"{USERS}{u.pk}/change/", change_data(u, full_name="Someone Else")
    ),
    "switch the account off": lambda c, u: c.post(f"{USERS}{u.pk}/change/", change_data(u, is_active="")),
    "open the password form": lambda c, u: c.get(f"{USERS}{u.pk}/password/"),
    "set the password": lambda c, u: c.post(
        f"{USERS}{u.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    "open the delete page": lambda c, u: c.get(f"{USERS}{u.pk}/delete/"),
    "delete the account": lambda c, u: c.post(f"{USERS}{u.pk}/delete/", {"post": "yes"}),
    "grant the Independent Person role": lambda c, u: c.post(
        f"{USERS}{u.pk}/change/",
        change_data(u, groups=[*change_data(u)["groups"], role_pk(roles.INDEPENDENT_PERSON)]),
    ),
    "grant the Monitoring Officer role": lambda c, u: c.post(
        f"{USERS}{u.pk}/change/",
        change_data(u, groups=[*change_data(u)["groups"], role_pk(roles.MONITORING_OFFICER)]),
    ),
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
@pytest.mark.parametrize("persona", TARGETS, indirect=True)
def test_it_refuses_member_support_every_user_changing_admin_url(client, member_support, persona, attempt):
    target = persona
    before = snapshot(target)
    client.force_login(member_support)
    response = ATTEMPTS[attempt](client, target)
    # Refused outright (403), or the form re-shown or saved without the forbidden part.
    assert response.status_code in (200, 302, 403)
    assert snapshot(target) == before
    assert not User.objects.get(pk=target.pk).check_password(NEW_PASSWORD)
    # "Active" is not in the form Member Support sees for a councillor, so nothing was attempted.
    silently_ignored = attempt == "switch the account off" and target.email == "cllr.ward@example.org"
    assert refusals(target).filter(actor=member_support).exists() is not silently_ignored


@pytest.mark.parametrize("persona", TARGETS, indirect=True)
def test_it_refuses_member_support_an_invitation_onto_the_login(
    member_support, make_member, persona, mailoutbox, django_capture_on_commit_callbacks
):
    target = persona
    Member.objects.filter(user=target).update(user=None)
    member = make_member(email=target.email.upper())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccountChangeRefused):
        member_invite(member=member, actor=member_support)
    member.refresh_from_db()
    assert member.user is None
    assert refusals(target).filter(actor=member_support).exists()
    assert mailoutbox == []


# --- The attacks in the issue, one by one -------------------------------------------


def test_it_stops_member_support_setting_an_independent_persons_password_and_signing_in(
    client, member_support, independent_person
):
    client.force_login(member_support)
    response = client.post(
        f"{USERS}{independent_person.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 403
    client.logout()
    client.post("/accounts/login/", {"login": "ip@example.org", "password": NEW_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert refusals(independent_person).get().data["attempted"] == "set the password"


def test_it_stops_member_support_changing_a_councillors_email_to_their_own(
    client, member_support, councillor
):
    client.force_login(member_support)
    response = client.post(
        f"{USERS}{councillor.pk}/change/", change_data(councillor, email="support.personal@example.org")
    )
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.email == "cllr.ward@example.org"
    assert refusals(councillor).get().data["attempted"] == "change email"


def test_it_stops_member_support_changing_an_independent_persons_email(
    client, member_support, independent_person
):
    client.force_login(member_support)
    page = client.get(f"{USERS}{independent_person.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(
        f"{USERS}{independent_person.pk}/change/", change_data(independent_person, email="mine@example.org")
    )
    assert response.status_code == 403
    independent_person.refresh_from_db()
    assert independent_person.email == "ip@example.org"


def test_it_stops_member_support_granting_the_independent_person_role(client, member_support, councillor):
    client.force_login(member_support)
    offered = (
        client.get(f"{USERS}{councillor.pk}/change/").context["adminform"].form.fields["groups"].queryset
    )
    assert roles.INDEPENDENT_PERSON not in {group.name for group in offered}
    response = client.post(
        f"{USERS}{councillor.pk}/change/",
        change_data(councillor, groups=[role_pk(roles.COUNCILLOR), role_pk(roles.INDEPENDENT_PERSON)]),
    )
    assert response.status_code == 200
    assert not councillor.groups.filter(name=roles.INDEPENDENT_PERSON).exists()
    assert refusals(councillor).get().data["attempted"] == f"grant or remove {roles.INDEPENDENT_PERSON}"


@pytest.mark.parametrize(
    "role", [roles.INDEPENDENT_PERSON, roles.MONITORING_OFFICER, roles.DEPUTY_MONITORING_OFFICER]
)
def test_it_stops_the_role_service_granting_casework_roles_for_anyone_but_a_superuser(
    member_support, councillor, role
):
    wanted = [*councillor.groups.all(), Group.objects.get(name=role)]
    with pytest.raises(AccountChangeRefused, match="Only an administrator"):
        user_roles_set(user=councillor, groups=wanted, actor=member_support)
    assert not councillor.groups.filter(name=role).exists()
    assert refusals(councillor).filter(actor=member_support).count() == 1


def test_it_stops_the_role_service_changing_an_independent_persons_roles(member_support, independent_person):
    with pytest.raises(AccountChangeRefused):
        user_roles_set(user=independent_person, groups=[], actor=member_support)
    assert independent_person.groups.filter(name=roles.INDEPENDENT_PERSON).exists()
    assert refusals(independent_person).exists()


def test_it_lets_a_superuser_grant_the_independent_person_role(superuser, councillor):
    wanted = [*councillor.groups.all(), Group.objects.get(name=roles.INDEPENDENT_PERSON)]
    assert user_roles_set(user=councillor, groups=wanted, actor=superuser)
    assert councillor.groups.filter(name=roles.INDEPENDENT_PERSON).exists()


def test_it_stops_an_invitation_linking_the_officers_own_login_to_a_parish_councillor(
    client, member_support, make_member, parish
):
    # The attack: change an unlinked parish councillor's email to your own, then invite.
    parish_member = make_member(authority=parish, email="support@example.org")
    client.force_login(member_support)
    response = client.post(f"{MEMBERS}{parish_member.pk}/invite/", follow=True)
    assert response.status_code == 200
    parish_member.refresh_from_db()
    assert parish_member.user is None
    assert not hasattr(User.objects.get(pk=member_support.pk), "member")
    assert refusals(member_support).get().actor == member_support


def test_it_stops_an_invitation_linking_an_existing_login_without_roles(
    make_member, member_support, make_user
):
    make_user("left.over@example.org")
    member = make_member(email="left.over@example.org")
    with pytest.raises(AccountChangeRefused, match="already has a login"):
        member_invite(member=member, actor=member_support)
    member.refresh_from_db()
    assert member.user is None


def test_it_stops_even_a_superuser_setting_another_persons_password(client, superuser, councillor):
    client.force_login(superuser)
    assert client.get(f"{USERS}{councillor.pk}/password/").status_code == 403
    client.post(f"{USERS}{councillor.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.get(pk=councillor.pk).check_password(PASSWORD)
    assert refusals(councillor).filter(actor=superuser).count() == 2


def test_it_creates_new_users_without_a_password_set_by_someone_else(client, superuser):
    client.force_login(superuser)
    form = client.get(f"{USERS}add/").context["adminform"].form
    assert "password1" not in form.fields
    assert "usable_password" not in form.fields


# --- Sending a reset link instead -------------------------------------------------------


def test_it_sends_a_reset_link_instead_of_setting_a_password(
    client, superuser, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(USERS, {"action": "send_password_reset_links", "_selected_action": [str(councillor.pk)]})
    run_tasks()
    assert [m.to for m in mailoutbox] == [["cllr.ward@example.org"]]
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    client.post(form_page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.get(pk=councillor.pk).check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET_SENT, actor=superuser).exists()


def test_it_lets_member_support_send_a_councillor_a_reset_link(
    member_support, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        password_reset_link_send(user=councillor, actor=member_support)
    run_tasks()
    assert [m.to for m in mailoutbox] == [["cllr.ward@example.org"]]
    assert settings.SITE_URL + "/accounts/password/reset/key/" in mailoutbox[0].body


def test_it_refuses_member_support_a_reset_link_for_the_monitoring_officer(
    member_support, monitoring_officer, mailoutbox
):
    with pytest.raises(AccountChangeRefused):
        password_reset_link_send(user=monitoring_officer, actor=member_support)
    assert refusals(monitoring_officer).exists()


@pytest.mark.parametrize("field", ["email", "full_name", "is_active"])
def test_it_refuses_in_the_service_too_a_change_of_another_persons_details(member_support, councillor, field):
    with pytest.raises(AccountChangeRefused, match="Only an administrator"):
        account_details_check(target=councillor, actor=member_support, changed=[field])


def test_it_refuses_in_the_service_too_setting_another_persons_password(superuser, councillor):
    with pytest.raises(AccountChangeRefused, match="reset link"):
        account_details_check(target=councillor, actor=superuser, changed=["password"])


def test_it_lets_member_support_change_their_own_name(member_support):
    account_details_check(target=member_support, actor=member_support, changed=["full_name"])


@pytest.mark.parametrize("verified", [False, True], ids=["unverified", "verified"])
def test_it_stops_an_invitation_going_to_another_address_of_the_officers_own_login(
    client, member_support, make_member, parish, mailoutbox, django_capture_on_commit_callbacks, verified
):
    # The officer's second address (on their account but not its main one) on a member with no login.
    EmailAddress.objects.create(user=member_support, email="priya.home@example.net", verified=verified)
    parish_member = make_member(authority=parish, email="Priya.Home@example.net")
    users_before = User.objects.count()
    client.force_login(member_support)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{MEMBERS}{parish_member.pk}/invite/", follow=True)
    assert response.status_code == 200
    assert "is an address of your own login" in response.content.decode()
    parish_member.refresh_from_db()
    assert parish_member.user is None and parish_member.invited_at is None
    assert User.objects.count() == users_before
    assert mailoutbox == []
    refusal = refusals(member_support).get()
    assert refusal.actor == member_support
    assert "the officer's own login" in refusal.note


def test_it_stops_an_invitation_going_to_another_address_of_someone_elses_login(
    member_support, councillor, make_member, mailoutbox
):
    EmailAddress.objects.create(user=councillor, email="morgan.home@example.net", verified=True)
    member = make_member(email="morgan.home@example.net")
    with pytest.raises(AccountChangeRefused, match="already belongs to another member's login"):
        member_invite(member=member, actor=member_support)
    member.refresh_from_db()
    assert member.user is None
    assert refusals(councillor).filter(actor=member_support).exists()
