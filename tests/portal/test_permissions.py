"""Who may open what: every foundation URL for every persona.

Add a row to MATRIX for each new URL (tests/test_routes.py fails until you do). An
expected value is either a status code or a redirect: ``to(path)`` means a 302 whose
Location starts with path.
"""

import pytest

from tests import kit
from tests.conftest import PERSONAS
from tests.kit import BACK_OFFICE_SIGN_IN, SIGN_IN, get, post, to

STAFF = {"monitoring_officer", "deputy_monitoring_officer", "member_support", "superuser"}


def everyone(expected, anonymous=None):
    return {p: (anonymous if p == "anonymous" and anonymous is not None else expected) for p in PERSONAS}


def back_office(allowed, *, forbidden=()):
    """Admin pages: allowed personas 200, staff without the model permission 403, the rest sent to sign in."""
    row = {}
    for p in PERSONAS:
        if p in allowed:
            row[p] = 200
        elif p in forbidden:
            row[p] = 403
        else:
            row[p] = to(BACK_OFFICE_SIGN_IN)
    return row


MATRIX = [
    get("/", everyone(200, anonymous=to(SIGN_IN))),
    get("/back-office/", back_office(STAFF)),
    get("/back-office/portal/member/", back_office(STAFF)),
    get(
        "/back-office/portal/user/",
        back_office(
            {"member_support", "superuser"}, forbidden={"monitoring_officer", "deputy_monitoring_officer"}
        ),
    ),
    get("/accounts/password/change/", everyone(200, anonymous=to(SIGN_IN))),
    get("/accounts/sessions/", everyone(200, anonymous=to(SIGN_IN))),
    get("/accounts/2fa/", everyone(200, anonymous=to(SIGN_IN))),
    get("/alive/", everyone(200)),
    get("/health/", everyone(200)),
    get("/accessibility/", everyone(200)),
    get("/privacy/", everyone(200)),
    get("/contact/", everyone(200)),
    get("/contact/sent/", everyone(200)),
    post("/contact/", everyone(400), data={}),
    get(
        "/back-office/portal/scheduledjob/",
        back_office(
            {"member_support", "superuser"}, forbidden={"monitoring_officer", "deputy_monitoring_officer"}
        ),
    ),
]


@pytest.mark.parametrize(("route", "persona", "expected"), kit.cases(MATRIX, PERSONAS), indirect=["persona"])
def test_it_gives_each_persona_the_expected_response(db, client_for, route, persona, expected):
    kit.check(kit.request(client_for(persona), route, route.path), route.path, expected)


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, PERSONAS)
