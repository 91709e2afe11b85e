"""Two-factor authentication: compulsory for some roles, asked for at sign-in, rate-limited."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group, Permission

from portal import roles
from portal.demo import current_totp_code
from tests.conftest import PASSWORD
from tests.kit import sign_in

ACTIVATE_URL = "/accounts/2fa/totp/activate/"


def confirm_password(client, password=PASSWORD):
    """allauth asks for the password again before any change to two-factor settings."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content
    return response


def code_for(secret, at=None):
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.fixture
def new_officer(make_user):
    """A Monitoring Officer who has not set up two-factor authentication yet."""
    return make_user("new.mo@example.org", role=roles.MONITORING_OFFICER, totp=False)


# --- Compulsory set-up ------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/back-office/", "/accounts/password/change/", "/accounts/sessions/"])
def test_it_sends_staff_without_two_factor_to_the_set_up_page(client, new_officer, url):
    client.force_login(new_officer)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL


def test_it_sends_a_superuser_without_two_factor_to_the_set_up_page(client, make_user):
    admin = make_user("root@example.org", is_superuser=True, is_staff=True, totp=False)
    client.force_login(admin)
    response = client.get("/back-office/")
    assert response["Location"] == ACTIVATE_URL


@pytest.mark.parametrize("role", [roles.DEPUTY_MONITORING_OFFICER, roles.MEMBER_SUPPORT_OFFICER])
def test_it_requires_two_factor_for_every_staff_role_that_needs_it(client, make_user, role):
    client.force_login(make_user(role=role, totp=False))
    assert client.get("/")["Location"] == ACTIVATE_URL


def test_it_stops_an_independent_person_reading_case_files_with_a_password_alone(client, make_user):
    client.force_login(make_user("new.ip@example.org", role=roles.INDEPENDENT_PERSON, totp=False))
    assert client.get("/")["Location"] == ACTIVATE_URL
    assert client.get("/complaints/")["Location"] == ACTIVATE_URL


@pytest.mark.parametrize("permission", sorted(roles.casework_permissions()))
def test_it_requires_two_factor_of_any_role_that_can_read_casework(client, make_user, permission):
    app_label, codename = permission.split(".")
    group = Group.objects.create(name=f"Custom role with {permission}")
    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = make_user(totp=False)
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/")["Location"] == ACTIVATE_URL


def test_it_refuses_to_turn_off_two_factor_for_an_independent_person(client, independent_person):
    from portal.adapters import PortalMFAAdapter

    authenticator = Authenticator.objects.get(user=independent_person, type=Authenticator.Type.TOTP)
    assert PortalMFAAdapter().can_delete_authenticator(authenticator) is False


def test_it_says_why_the_set_up_is_needed(client, new_officer):
    sign_in(client, "new.mo@example.org")
    response = client.get("/", follow=True)
    assert b"you must set up two-factor authentication" in response.content


def test_it_lets_staff_without_two_factor_sign_out(client, new_officer):
    client.force_login(new_officer)
    assert client.get("/accounts/logout/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_lets_staff_without_two_factor_see_the_two_factor_page(client, new_officer):
    client.force_login(new_officer)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert b"Set up two-factor authentication" in response.content


def test_it_leaves_councillors_free_to_go_without_two_factor(client, councillor):
    client.force_login(councillor)
    assert client.get("/").status_code == 200


def test_it_allows_every_url_name_the_set_up_needs():
    from django.urls import reverse

    from portal.middleware import RequireMFAMiddleware

    paths = RequireMFAMiddleware(lambda request: None).allowed_paths()
    for name in ["mfa_activate_totp", "mfa_view_recovery_codes", "account_reauthenticate", "account_logout"]:
        assert reverse(name) in paths


def test_it_asks_for_the_password_again_before_set_up_if_the_sign_in_was_not_recent(client, new_officer):
    client.force_login(new_officer)  # no record of a recent sign-in
    response = client.get(ACTIVATE_URL, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert b"Confirm it is you" in response.content
    assert b'<label for="id_password"' in response.content or b'for="id_password"' in response.content


def test_it_shows_the_qr_code_as_inline_svg(client, new_officer):
    sign_in(client, "new.mo@example.org")
    confirm_password(client)
    response = client.get(ACTIVATE_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content
    assert "data:" not in content
    assert " style=" not in content.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert response.context["form"].secret in content


def test_it_refuses_a_wrong_code_at_set_up(client, new_officer):
    sign_in(client, "new.mo@example.org")
    confirm_password(client)
    client.get(ACTIVATE_URL)
    response = client.post(ACTIVATE_URL, {"code": "000000"})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert not Authenticator.objects.filter(user=new_officer).exists()


def test_it_turns_on_two_factor_shows_recovery_codes_then_opens_the_portal(
    client, new_officer, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    sign_in(client, "new.mo@example.org")
    confirm_password(client)
    secret = client.get(ACTIVATE_URL).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE_URL, {"code": code_for(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=new_officer, type=Authenticator.Type.TOTP).exists()

    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    codes = Authenticator.objects.get(user=new_officer, type=Authenticator.Type.RECOVERY_CODES)
    for code in codes.wrap().get_unused_codes():
        assert code in codes_page.content.decode()

    assert client.get("/").status_code == 200
    run_tasks()
    assert [m.subject for m in mailoutbox] == [
        "[Fellbridge District Council member portal] Two-factor authentication is now on"
    ]


def test_it_shows_the_two_factor_page_without_a_way_to_turn_it_off(client, monitoring_officer):
    client.force_login(monitoring_officer)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert b"cannot be turned off" in response.content
    assert b"/accounts/2fa/totp/deactivate/" not in response.content


def test_it_refuses_to_turn_off_two_factor_for_staff_who_need_it(client, monitoring_officer):
    sign_in(client, "mo@example.org")
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(monitoring_officer)})
    assert client.get("/").status_code == 200
    confirm_password(client)
    page = client.get("/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    assert b"you cannot turn it off" in page.content
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=monitoring_officer, type=Authenticator.Type.TOTP).exists()


def test_it_lets_a_councillor_turn_off_two_factor_they_chose(client, make_user):
    user = make_user("keen@example.org", role=roles.COUNCILLOR, totp=True)
    sign_in(client, "keen@example.org")
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(user)})
    confirm_password(client)
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- The code at sign-in ----------------------------------------------------


def test_it_asks_for_the_code_after_the_password(client, monitoring_officer):
    response = sign_in(client, "mo@example.org")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200
    assert b"Enter your code" in page.content
    assert re.search(rb'<label[^>]*for="id_code"', page.content)
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_refuses_a_wrong_code_at_sign_in(client, monitoring_officer):
    sign_in(client, "mo@example.org")
    response = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert b'aria-invalid="true"' in response.content
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_signs_in_with_the_right_code(client, monitoring_officer):
    sign_in(client, "mo@example.org")
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(monitoring_officer)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_signs_in_with_a_recovery_code(client, new_officer):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(new_officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    codes = RecoveryCodes.activate(new_officer)
    sign_in(client, "new.mo@example.org")
    client.post("/accounts/2fa/authenticate/", {"code": codes.get_unused_codes()[0]})
    assert client.get("/").status_code == 200


def test_it_refuses_the_sixth_code_even_if_it_is_right(client, monitoring_officer):
    sign_in(client, "mo@example.org")
    for _ in range(5):
        response = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
        assert b"That code is not right" in response.content
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(monitoring_officer)})
    assert b"Too many attempts" in response.content
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_labels_the_code_field_for_people_and_for_phones(client, monitoring_officer):
    response = sign_in(client, monitoring_officer.email)
    page = client.get(response["Location"]).content.decode()
    assert "Code from your app, or a recovery code" in page
    assert 'autocomplete="one-time-code"' in page
