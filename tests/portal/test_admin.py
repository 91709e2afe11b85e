"""The back office as an operations console: lists, filters, roles and the audit trail."""

import pytest
from django.contrib.auth.models import Group, Permission

from portal import roles
from portal.models import AuditEvent, Authority, Member, User
from portal.services import audit_record

MEMBERS = "/back-office/portal/member/"
USERS = "/back-office/portal/user/"
GROUPS = "/back-office/auth/group/"
AUDIT = "/back-office/portal/auditevent/"


def user_form_data(user, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        # What the browser posts: the roles currently ticked.
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Changelists ------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 50])
# Budgets are the count with one row: the same budget must hold with fifty.


def test_it_lists_members_in_a_constant_number_of_queries(
    client,
    member_support,
    make_member,
    make_committee,
    make_user,
    parish,
    count,
    django_assert_max_num_queries,
):
    members = [make_member() for _ in range(count - 1)]
    members.append(make_member(authority=parish, user=make_user(role=roles.COUNCILLOR)))
    make_committee("Planning Committee", members=members)
    client.force_login(member_support)
    with django_assert_max_num_queries(22):
        response = client.get(MEMBERS)
    assert response.status_code == 200
    assert response.context["cl"].result_count == count


@pytest.mark.parametrize("count", [1, 50])
def test_it_lists_users_in_a_constant_number_of_queries(
    client, member_support, make_user, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_user(role=roles.COUNCILLOR)
    client.force_login(member_support)
    with django_assert_max_num_queries(21):
        response = client.get(USERS)
    assert response.status_code == 200
    assert response.context["cl"].result_count == count + 1  # and the officer


@pytest.mark.parametrize(
    ("path", "budget"),
    [("/back-office/portal/committee/", 18), ("/back-office/portal/committeemembership/", 21)],
)
@pytest.mark.parametrize("count", [1, 50])
def test_it_lists_committees_and_memberships_in_a_constant_number_of_queries(
    client, member_support, make_member, make_committee, path, budget, count, django_assert_max_num_queries
):
    make_committee("Licensing Committee", members=[make_member() for _ in range(count)])
    client.force_login(member_support)
    with django_assert_max_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200


def test_it_shows_whether_a_member_has_a_login_and_when_they_were_invited(
    client, member_support, councillor, make_member
):
    make_member(first_name="Nolan", last_name="Without")
    Member.objects.filter(user=councillor).update(invited_at="2024-03-02T10:00:00Z")
    client.force_login(member_support)
    response = client.get(MEMBERS)
    content = response.content.decode()
    assert "Has a login" in content
    assert "Invited at" in content
    assert "2 Mar 2024" in content
    assert 'alt="True"' in content and 'alt="False"' in content


def test_it_finds_members_by_search(client, member_support, make_member):
    make_member(first_name="Ottoline", last_name="Quist")
    make_member(first_name="Brendan", last_name="Ruddock")
    client.force_login(member_support)
    response = client.get(MEMBERS, {"q": "quist"})
    assert [m.last_name for m in response.context["cl"].result_list] == ["Quist"]


def test_it_finds_members_by_any_searched_detail_in_any_case(client, member_support, make_member):
    wanted = make_member(
        first_name="Ottoline",
        last_name="Quist",
        email="o.quist@example.org",
        ward="Saltmarsh",
        political_group="Harbour Independents",
        external_id="MG-4471",
    )
    make_member(first_name="Brendan", last_name="Ruddock", ward="Hillside")
    client.force_login(member_support)
    for term in ("QUIST", "o.quist@", "saltMARSH", "harbour indep", "mg-4471", "Ottoline Quist"):
        response = client.get(MEMBERS, {"q": term})
        assert list(response.context["cl"].result_list) == [wanted], term


def test_it_filters_members_by_authority_type_and_login(
    client, member_support, councillor, make_member, parish
):
    make_member(first_name="Petra", last_name="Parish", authority=parish)
    make_member(first_name="Cora", last_name="Coopted", member_type=Member.MemberType.CO_OPTED)
    client.force_login(member_support)

    by_kind = client.get(MEMBERS, {"authority__kind__exact": Authority.Kind.PARISH})
    assert [m.last_name for m in by_kind.context["cl"].result_list] == ["Parish"]

    by_type = client.get(MEMBERS, {"member_type__exact": Member.MemberType.CO_OPTED})
    assert [m.last_name for m in by_type.context["cl"].result_list] == ["Coopted"]

    with_login = client.get(MEMBERS, {"has_login": "yes"})
    assert [m.last_name for m in with_login.context["cl"].result_list] == ["Hale"]


def test_it_filters_members_by_committee(client, member_support, make_member, make_committee):
    on_committee = make_member(last_name="Sitting")
    make_member(last_name="Elsewhere")
    committee = make_committee("Audit Committee", members=[on_committee])
    make_committee("Licensing Committee", members=[make_member(last_name="Licensing")])
    client.force_login(member_support)
    response = client.get(MEMBERS, {"committee_memberships__committee__id__exact": committee.pk})
    assert [m.last_name for m in response.context["cl"].result_list] == ["Sitting"]


# --- Roles and escalation guards ----------------------------------------------------


@pytest.fixture
def readers_role(db):
    """A role carrying only a permission Member Support holds, so they may grant it."""
    group = Group.objects.create(name="Member list readers")
    group.permissions.add(Permission.objects.get(content_type__app_label="portal", codename="view_member"))
    return group


def test_it_lets_member_support_make_a_councillor_a_steering_group_member(client, member_support, councillor):
    client.force_login(member_support)
    member_roles = Group.objects.filter(name__in=[roles.COUNCILLOR, roles.STEERING_GROUP_MEMBER])
    response = client.post(
        f"{USERS}{councillor.pk}/change/",
        user_form_data(councillor, groups=[str(group.pk) for group in member_roles]),
    )
    assert response.status_code == 302
    assert sorted(councillor.groups.values_list("name", flat=True)) == [
        roles.COUNCILLOR,
        roles.STEERING_GROUP_MEMBER,
    ]
    assert User.objects.get(pk=councillor.pk).has_perm("portal.view_uptake_reports")
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert event.actor == member_support
    assert event.subject == councillor
    assert event.data["added"] == [roles.STEERING_GROUP_MEMBER]
    assert event.data["removed"] == []


def test_it_records_no_role_change_when_roles_stay_the_same(client, superuser, councillor):
    # Only a superuser may change another person's name (issue 12: account takeover).
    client.force_login(superuser)
    response = client.post(f"{USERS}{councillor.pk}/change/", user_form_data(councillor, full_name="M. Hale"))
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.full_name == "M. Hale"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_it_does_not_offer_member_support_the_monitoring_officer_role(
    client, member_support, councillor, readers_role
):
    client.force_login(member_support)
    response = client.get(f"{USERS}{councillor.pk}/change/")
    offered = {group.name for group in response.context["adminform"].form.fields["groups"].queryset}
    assert "Member list readers" in offered
    assert roles.MONITORING_OFFICER not in offered
    assert roles.MEMBER_SUPPORT_OFFICER not in offered


def test_it_stops_member_support_making_someone_a_monitoring_officer(client, member_support, councillor):
    client.force_login(member_support)
    mo_role = Group.objects.get(name=roles.MONITORING_OFFICER)
    response = client.post(
        f"{USERS}{councillor.pk}/change/",
        user_form_data(councillor, groups=[str(mo_role.pk)]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not councillor.groups.filter(name=roles.MONITORING_OFFICER).exists()
    assert not User.objects.get(pk=councillor.pk).has_perm("portal.access_back_office")


def test_it_stops_member_support_making_themselves_a_monitoring_officer(client, member_support):
    client.force_login(member_support)
    mo_role = Group.objects.get(name=roles.MONITORING_OFFICER)
    own_roles = [str(g.pk) for g in member_support.groups.all()]
    response = client.post(
        f"{USERS}{member_support.pk}/change/",
        user_form_data(member_support, groups=[*own_roles, str(mo_role.pk)]),
    )
    assert response.status_code == 200
    assert list(member_support.groups.values_list("name", flat=True)) == [roles.MEMBER_SUPPORT_OFFICER]


def test_it_keeps_roles_member_support_cannot_grant_when_they_save_themselves(client, member_support):
    client.force_login(member_support)
    response = client.post(f"{USERS}{member_support.pk}/change/", user_form_data(member_support, groups=[]))
    assert response.status_code == 302
    assert list(member_support.groups.values_list("name", flat=True)) == [roles.MEMBER_SUPPORT_OFFICER]


def test_it_ignores_a_superuser_flag_sent_by_member_support(client, member_support, councillor):
    client.force_login(member_support)
    response = client.get(f"{USERS}{councillor.pk}/change/")
    assert "is_superuser" not in response.context["adminform"].form.fields
    assert "user_permissions" not in response.context["adminform"].form.fields

    response = client.post(
        f"{USERS}{councillor.pk}/change/", user_form_data(councillor, is_superuser="on", is_staff="on")
    )
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.is_superuser is False


def test_it_hides_superusers_from_member_support(client, member_support, superuser):
    client.force_login(member_support)
    change_page = client.get(f"{USERS}{superuser.pk}/change/")
    assert change_page.status_code == 302  # "does not exist", back to the index
    assert client.get(f"{USERS}{superuser.pk}/password/").status_code in (403, 404)
    listing = client.get(USERS)
    assert superuser.email not in listing.content.decode()

    client.post(f"{USERS}{superuser.pk}/change/", {"email": "taken@example.org", "is_active": ""})
    superuser.refresh_from_db()
    assert superuser.email == "admin@example.org"
    assert superuser.is_active


def test_it_shows_another_officer_read_only_to_member_support(client, member_support, monitoring_officer):
    client.force_login(member_support)
    response = client.get(f"{USERS}{monitoring_officer.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False

    client.post(
        f"{USERS}{monitoring_officer.pk}/change/",
        user_form_data(monitoring_officer, email="hijack@example.org"),
    )
    monitoring_officer.refresh_from_db()
    assert monitoring_officer.email == "mo@example.org"


def test_it_lets_a_superuser_make_someone_a_monitoring_officer(client, superuser, make_user):
    user = make_user("incoming.mo@example.org")
    client.force_login(superuser)
    mo_role = Group.objects.get(name=roles.MONITORING_OFFICER)
    response = client.post(f"{USERS}{user.pk}/change/", user_form_data(user, groups=[str(mo_role.pk)]))
    assert response.status_code == 302
    assert user.groups.filter(name=roles.MONITORING_OFFICER).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED, object_id=str(user.pk)).exists()


def test_it_shows_roles_read_only_to_member_support(client, member_support):
    client.force_login(member_support)
    mo_role = Group.objects.get(name=roles.MONITORING_OFFICER)
    assert client.get(GROUPS).status_code == 200
    page = client.get(f"{GROUPS}{mo_role.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "Can use the back office" in page.content.decode()
    assert client.get(f"{GROUPS}add/").status_code == 403

    client.post(f"{GROUPS}{mo_role.pk}/change/", {"name": "Renamed"})
    assert Group.objects.filter(name=roles.MONITORING_OFFICER).exists()


# --- Audit trail -------------------------------------------------------------------


def test_it_shows_the_audit_trail_read_only(client, member_support, councillor):
    event = audit_record(
        actor=member_support,
        action=AuditEvent.Action.MEMBER_INVITED,
        subject=councillor,
        note="Invited someone",
    )
    client.force_login(member_support)
    listing = client.get(AUDIT)
    assert listing.status_code == 200
    assert "Invited someone" in listing.content.decode()
    page = client.get(f"{AUDIT}{event.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False

    client.post(f"{AUDIT}{event.pk}/change/", {"note": "Rewritten"})
    assert client.get(f"{AUDIT}add/").status_code == 403
    assert client.post(f"{AUDIT}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.note == "Invited someone"


def test_it_does_not_let_a_superuser_change_the_audit_trail(client, superuser, member_support):
    event = audit_record(actor=member_support, action=AuditEvent.Action.ROLE_CHANGED, note="Roles changed")
    client.force_login(superuser)
    assert client.get(f"{AUDIT}add/").status_code == 403
    assert client.post(f"{AUDIT}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("persona", ["councillor", "mssg_member"], indirect=True)
def test_it_keeps_members_out_of_the_back_office(client_for, persona):
    response = client_for(persona).get(MEMBERS, follow=True)
    assert response.redirect_chain
    assert response.request["PATH_INFO"] == "/"


def test_it_lets_a_superuser_add_a_user_by_email(client, superuser):
    client.force_login(superuser)
    response = client.post(
        f"{USERS}add/",
        {"email": "New.Officer@Example.org", "full_name": "New Officer", "usable_password": "false"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.officer@example.org")
    assert user.full_name == "New Officer"
    assert not user.has_usable_password()


def test_it_does_not_let_member_support_add_users(client, member_support):
    client.force_login(member_support)
    assert client.get(f"{USERS}add/").status_code == 403
