import datetime

import pytest
from django.utils import timezone

from portal.models import CommitteeMembership, Member
from portal.selectors import DASHBOARD_LIST_LIMIT
from tests.kit import text_of


def dashboard(client_for, user):
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


# --- Members --------------------------------------------------------------


def test_it_shows_a_councillor_their_details_and_term(client_for, councillor):
    page = text_of(dashboard(client_for, councillor))
    assert "Cllr Morgan Hale" in page
    assert "Riverside" in page
    assert "Independent" in page
    assert "4 May 2023" in page
    assert "6 May 2027" in page


def test_it_shows_a_councillor_their_current_committees_and_roles(client_for, councillor, make_committee):
    member = councillor.member
    make_committee("Planning Committee", members=[member])
    licensing = make_committee("Licensing Committee")
    CommitteeMembership.objects.create(
        committee=licensing, member=member, role="chair", start_date=datetime.date(2024, 5, 1)
    )
    audit = make_committee("Audit Committee")
    CommitteeMembership.objects.create(
        committee=audit,
        member=member,
        start_date=datetime.date(2023, 5, 20),
        end_date=datetime.date(2024, 5, 1),
    )
    page = text_of(dashboard(client_for, councillor))
    assert "Planning Committee" in page
    assert "Licensing Committee Chair" in page
    assert "Audit Committee" not in page


def test_it_tells_a_councillor_with_no_committees_so(client_for, councillor):
    assert "not on any committee" in dashboard(client_for, councillor)


def test_it_shows_a_co_opted_member_as_co_opted(client_for, coopted_member):
    page = text_of(dashboard(client_for, coopted_member))
    assert "Co-opted member" in page
    assert "Cllr Sam Okafor" not in page
    assert "Sam Okafor" in page


def test_it_welcomes_a_newly_elected_councillor(client_for, make_user, make_member):
    user = make_user(role="Councillor", full_name="Aisha Rahman")
    make_member(user=user, term_start=timezone.localdate() - datetime.timedelta(weeks=3))
    assert "Welcome to the council" in dashboard(client_for, user)


def test_it_does_not_welcome_a_long_serving_councillor(client_for, councillor):
    assert "Welcome to the council" not in dashboard(client_for, councillor)


def test_it_offers_members_the_monitoring_officer(client_for, councillor):
    page = dashboard(client_for, councillor)
    assert '<a href="/ask/new/">Ask the Monitoring Officer a question</a>' in page
    assert '<a href="/ask/">Your questions and the replies</a>' in page


def test_it_shows_a_councillor_no_staff_panels(client_for, councillor):
    page = dashboard(client_for, councillor)
    assert 'id="members-overview"' not in page
    assert 'id="back-office"' not in page
    assert 'id="uptake"' not in page
    assert "/back-office/" not in page


def test_it_tells_a_member_without_a_member_record_to_contact_member_support(client_for, make_user):
    user = make_user(role="Councillor")
    page = dashboard(client_for, user)
    assert "not yet linked to a member record" in page


# --- Member Support -------------------------------------------------------


@pytest.fixture
def invited_never_signed_in(make_user, make_member):
    user = make_user("waiting@example.org", role="Councillor")
    return make_member(
        user=user,
        first_name="Wendy",
        last_name="Waiting",
        invited_at=timezone.now() - datetime.timedelta(days=4),
    )


def test_it_shows_member_support_the_members_per_authority(
    client_for, member_support, councillor, make_member, parish
):
    make_member(
        first_name="Lefty", last_name="Gone", status=Member.Status.LEFT, left_on=datetime.date(2024, 1, 1)
    )
    make_member(authority=parish)
    make_member(authority=parish, email="")
    page = text_of(dashboard(client_for, member_support))
    # Fellbridge: the councillor (with a login) is serving; the leaver is not counted.
    assert "Fellbridge District Council 1 1 0" in page
    assert "Amberley Parish Council 2 0 1" in page


def test_it_shows_member_support_who_has_not_signed_in_yet(
    client_for, member_support, councillor, invited_never_signed_in
):
    councillor.last_login = timezone.now()
    councillor.save(update_fields=["last_login"])
    Member.objects.filter(user=councillor).update(invited_at=timezone.now() - datetime.timedelta(days=30))
    page = text_of(dashboard(client_for, member_support))
    section = page.split("Invited but not yet signed in", 1)[1].split("District members with no email", 1)[0]
    assert "Cllr Wendy Waiting" in section
    assert "Morgan Hale" not in section


def test_it_shows_member_support_district_members_without_an_email(
    client_for, member_support, make_member, parish
):
    make_member(first_name="Nora", last_name="Noemail", email="")
    make_member(first_name="Percy", last_name="Parish", email="", authority=parish)
    page = text_of(dashboard(client_for, member_support))
    section = page.split("District members with no email address", 1)[1]
    assert "Cllr Nora Noemail" in section
    assert "Percy Parish" not in section


def test_it_lists_only_the_first_few_names_and_counts_the_rest(client_for, member_support, make_member):
    for n in range(DASHBOARD_LIST_LIMIT + 3):
        make_member(first_name=f"Name{n:02d}", last_name="Noemail", email="")
    page = text_of(dashboard(client_for, member_support))
    assert "and 3 more." in page
    assert page.count("Noemail") == DASHBOARD_LIST_LIMIT


def test_it_gives_member_support_a_way_into_the_back_office(client_for, member_support):
    page = dashboard(client_for, member_support)
    assert 'href="/back-office/"' in page
    assert "Open the back office" in page


def test_it_shows_member_support_no_member_details(client_for, member_support):
    page = dashboard(client_for, member_support)
    assert 'id="your-details"' not in page
    assert "Email the Monitoring Officer" not in page


@pytest.mark.parametrize("members", [5, 50])
def test_it_keeps_the_member_support_dashboard_to_a_fixed_number_of_queries(
    client_for, member_support, make_member, make_committee, parish, members, django_assert_num_queries
):
    created = []
    for n in range(members):
        kind = n % 3
        created.append(
            make_member(
                authority=parish if kind == 2 else None,
                email="" if kind == 1 else f"person{n}@example.org",
                invited_at=timezone.now() if kind == 0 else None,
                user=None,
            )
        )
    make_committee(members=created[:10])
    client = client_for(member_support)
    client.get("/")  # the first request sets up the session
    # Every card was kept by the first request: the session's and permissions' queries, the
    # write counts, who has never signed in, and one read of the (database) cache.
    with django_assert_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200


# --- Officers and others ----------------------------------------------------


def test_it_shows_the_monitoring_officer_the_back_office(client_for, monitoring_officer):
    page = dashboard(client_for, monitoring_officer)
    assert 'id="back-office"' in page
    assert 'href="/back-office/"' in page


def test_it_shows_the_monitoring_officer_no_member_support_figures(
    client_for, monitoring_officer, councillor
):
    page = dashboard(client_for, monitoring_officer)
    assert 'id="members-overview"' not in page
    assert 'id="awaiting-sign-in"' not in page


def test_it_shows_the_monitoring_officer_their_casework_and_no_member_panels(client_for, monitoring_officer):
    page = dashboard(client_for, monitoring_officer)
    assert 'id="complaints-attention"' in page
    assert "No case is past its target." in page
    assert 'id="your-details"' not in page
    assert 'id="members-overview"' not in page


def test_it_tells_a_steering_group_member_what_reports_will_show(client_for, mssg_member):
    page = dashboard(client_for, mssg_member)
    assert 'id="uptake"' in page
    assert 'id="members-overview"' not in page
    assert 'id="back-office"' not in page


def test_it_shows_a_steering_group_councillor_both_their_details_and_reports(
    client_for, mssg_member, make_member
):
    from django.contrib.auth.models import Group

    mssg_member.groups.add(Group.objects.get(name="Councillor"))
    make_member(user=mssg_member, first_name="Dana", last_name="Whitlock", ward="Castlegate")
    page = dashboard(client_for, mssg_member)
    assert "Castlegate" in page
    assert 'id="uptake"' in page


def test_it_gives_the_independent_person_only_the_complaints_they_are_consulted_on(
    client_for, independent_person
):
    page = dashboard(client_for, independent_person)
    assert 'id="complaints-consulted"' in page
    assert "has not asked for your view on any complaint at present" in page
    assert "Your account is ready" not in page


def test_it_tells_someone_with_nothing_to_do_so(client_for, make_user):
    page = dashboard(client_for, make_user("nobody@example.org"))
    assert "Your account is ready" in page
    assert "nothing for you to do" in page


def test_it_shows_the_independent_person_nothing_else(client_for, independent_person, councillor):
    page = dashboard(client_for, independent_person)
    for panel in ["your-details", "members-overview", "back-office", "uptake", "get-help"]:
        assert f'id="{panel}"' not in page
    assert "Morgan Hale" not in page


def test_it_shows_a_superuser_the_staff_panels(client_for, superuser, district):
    page = dashboard(client_for, superuser)
    assert 'id="members-overview"' in page
    assert 'id="back-office"' in page
    assert "not yet linked to a member record" not in page
