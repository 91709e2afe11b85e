import datetime
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal import roles
from portal.models import AuditEvent, Authority, Committee, CommitteeMembership, Member, User

# The Independent Person reads case files, so signs in with two factors too (issue 12).
STAFF_EMAILS = [
    "mo@example.org",
    "deputy.mo@example.org",
    "support@example.org",
    "admin@example.org",
    "ip@example.org",
]
MEMBER_EMAILS = ["cllr.new@example.org", "cllr.ward@example.org", "coopted@example.org", "mssg@example.org"]


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.fixture
def seeded(db, debug_on):
    return seed()


def district():
    return Authority.objects.get(kind=Authority.Kind.DISTRICT)


def table_counts():
    return {
        "users": User.objects.count(),
        "user_groups": User.groups.through.objects.count(),
        "email_addresses": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "authorities": Authority.objects.count(),
        "members": Member.objects.count(),
        "committees": Committee.objects.count(),
        "memberships": CommitteeMembership.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def test_it_gives_each_demo_login_its_roles(seeded):
    expected = {
        "cllr.new@example.org": {roles.COUNCILLOR},
        "cllr.ward@example.org": {roles.COUNCILLOR},
        "coopted@example.org": {roles.CO_OPTED_MEMBER},
        "mssg@example.org": {roles.COUNCILLOR, roles.STEERING_GROUP_MEMBER},
        "mo@example.org": {roles.MONITORING_OFFICER},
        "deputy.mo@example.org": {roles.DEPUTY_MONITORING_OFFICER},
        "support@example.org": {roles.MEMBER_SUPPORT_OFFICER},
        "ip@example.org": {roles.INDEPENDENT_PERSON},
        "admin@example.org": set(),
    }
    for email, role_names in expected.items():
        user = User.objects.get(email=email)
        assert set(user.groups.values_list("name", flat=True)) == role_names, email
    assert User.objects.get(email="admin@example.org").is_superuser


def test_it_gives_every_demo_login_the_demo_password(seeded):
    logins = User.objects.filter(email__in=[*STAFF_EMAILS, *MEMBER_EMAILS, "ip@example.org"])
    assert logins.count() == 9
    # One hash for all of them, so checking one checks them all.
    assert len({user.password for user in logins}) == 1
    assert logins.first().check_password("portal-demo")


def test_it_takes_the_demo_password_from_the_environment(db, debug_on, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-secret")
    seed()
    user = User.objects.get(email="cllr.ward@example.org")
    assert user.check_password("another-demo-secret")
    assert not user.check_password("portal-demo")


def test_it_gives_staff_two_factor_authentication_and_recovery_codes(seeded):
    for email in STAFF_EMAILS:
        types = set(Authenticator.objects.filter(user__email=email).values_list("type", flat=True))
        assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}, email


def test_it_gives_no_authenticator_to_people_who_need_none(seeded):
    assert not Authenticator.objects.filter(user__email__in=MEMBER_EMAILS).exists()


def test_it_builds_about_forty_councillors_in_fourteen_wards(seeded):
    councillors = Member.objects.current().filter(
        authority=district(), member_type=Member.MemberType.COUNCILLOR
    )
    assert councillors.count() == 40
    assert councillors.values("ward").distinct().count() == 14
    assert councillors.values("political_group").distinct().count() in {4, 5}
    assert district().name == "Fellbridge District Council"


def test_it_builds_three_co_opted_members(seeded):
    co_opted = Member.objects.current().filter(member_type=Member.MemberType.CO_OPTED)
    assert co_opted.count() == 3
    standards = Committee.objects.get(slug="standards")
    assert CommitteeMembership.objects.filter(committee=standards, member__in=co_opted).count() == 2


def test_it_builds_five_parish_councils_whose_members_have_no_logins(seeded):
    parishes = Authority.objects.filter(parent=district())
    assert parishes.count() == 5
    for parish in parishes:
        assert parish.clerk_name
        assert parish.clerk_email.endswith("@example.org")
        serving = Member.objects.current().filter(authority=parish)
        assert 5 <= serving.count() <= 8, parish.name
        assert not serving.filter(user__isnull=False).exists()


def test_it_keeps_members_who_have_left(seeded):
    left = Member.objects.filter(status=Member.Status.LEFT)
    assert left.count() >= 3
    assert not left.filter(left_on__isnull=True).exists()
    assert not Member.objects.current().filter(status=Member.Status.LEFT).exists()


def test_it_builds_committees_with_a_chair_and_members(seeded):
    names = set(Committee.objects.filter(authority=district()).values_list("name", flat=True))
    assert names == {
        "Cabinet",
        "Planning Committee",
        "Licensing Committee",
        "Standards Committee",
        "Audit Committee",
        "Overview and Scrutiny Committee",
    }
    for committee in Committee.objects.all():
        places = CommitteeMembership.objects.current().filter(committee=committee)
        assert places.count() >= 7, committee.name
        assert places.filter(role=CommitteeMembership.Role.CHAIR).count() == 1, committee.name


def test_it_puts_the_long_serving_councillor_on_planning_and_licensing(seeded):
    member = Member.objects.get(user__email="cllr.ward@example.org")
    committees = set(
        CommitteeMembership.objects.current().filter(member=member).values_list("committee__slug", flat=True)
    )
    assert committees == {"planning", "licensing"}
    assert member.term_start.year <= 2015


def test_it_starts_the_new_councillors_term_a_few_weeks_ago(seeded):
    member = Member.objects.get(user__email="cllr.new@example.org")
    days = (timezone.localdate() - member.term_start).days
    assert 7 <= days <= 60
    assert member.is_current


def test_it_gives_every_member_a_fictional_example_org_email_or_none(seeded):
    emails = Member.objects.exclude(email="").values_list("email", flat=True)
    assert emails
    assert all(email.endswith("@example.org") for email in emails)
    assert all(email.endswith("@example.org") for email in User.objects.values_list("email", flat=True))


def test_it_leaves_the_same_rows_when_run_twice(seeded):
    before = table_counts()
    seed()
    assert table_counts() == before


def test_it_summarises_what_it_made(seeded):
    assert "40 serving councillors in 14 wards" in seeded
    assert "5 parish and town councils" in seeded


def test_it_refuses_to_run_when_debug_is_off(db, settings):
    settings.DEBUG = False
    settings.LOCAL_DEMO = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.exists()
    assert not Member.objects.exists()


def test_it_runs_with_force_when_debug_is_off(db, settings):
    settings.DEBUG = False
    settings.LOCAL_DEMO = False
    seed(force=True)
    assert User.objects.filter(email="mo@example.org").exists()


# --- demo_totp and demo_logins ------------------------------------------------


def test_it_prints_a_totp_code_that_allauth_accepts(seeded):
    out = StringIO()
    call_command("demo_totp", "MO@example.org", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    authenticator = Authenticator.objects.get(user__email="mo@example.org", type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_it_refuses_a_totp_code_for_an_unknown_account(db):
    with pytest.raises(CommandError, match="no account"):
        call_command("demo_totp", "nobody@example.org", stdout=StringIO())


def test_it_refuses_a_totp_code_for_an_account_without_two_factor(seeded):
    with pytest.raises(CommandError, match="does not use two-factor"):
        call_command("demo_totp", "cllr.ward@example.org", stdout=StringIO())


def test_it_lists_the_demo_logins_with_roles_and_password(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for email in [*STAFF_EMAILS, *MEMBER_EMAILS, "ip@example.org"]:
        assert email in text
    assert "Steering Group Member" in text
    assert "portal-demo" in text
    assert "demo_totp" in text


def test_it_says_to_seed_first_when_there_are_no_demo_logins(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_it_invites_the_new_councillor_who_has_not_signed_in_yet(seeded):
    member = Member.objects.select_related("user").get(user__email="cllr.new@example.org")
    assert member.invited_at is not None
    assert member.invited_at.date() >= member.term_start
    assert member.user.last_login is None
    assert member.term_end == datetime.date(2027, 5, 6)
