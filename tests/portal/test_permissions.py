"""Who may open what: every foundation URL for every persona.

Add a row to MATRIX for each new URL. An expected value is either a status
code or a redirect: ``to(path)`` means a 302 whose Location starts with path.
"""

import pytest

from tests.conftest import PERSONAS

SIGN_IN = "/accounts/login/"
BACK_OFFICE_SIGN_IN = "/back-office/login/"


class to:  # noqa: N801 - reads as "redirect to"
    def __init__(self, prefix):
        self.prefix = prefix

    def __repr__(self):
        return f"to({self.prefix!r})"


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
    ("/", everyone(200, anonymous=to(SIGN_IN))),
    ("/back-office/", back_office(STAFF)),
    ("/back-office/portal/member/", back_office(STAFF)),
    (
        "/back-office/portal/user/",
        back_office(
            {"member_support", "superuser"}, forbidden={"monitoring_officer", "deputy_monitoring_officer"}
        ),
    ),
    ("/accounts/password/change/", everyone(200, anonymous=to(SIGN_IN))),
    ("/accounts/sessions/", everyone(200, anonymous=to(SIGN_IN))),
    ("/accounts/2fa/", everyone(200, anonymous=to(SIGN_IN))),
    ("/alive/", everyone(200)),
    ("/health/", everyone(200)),
]

CASES = [(url, persona, expected[persona]) for url, expected in MATRIX for persona in PERSONAS]


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    CASES,
    ids=[f"{persona}-{url}" for url, persona, _ in CASES],
    indirect=["persona"],
)
def test_it_gives_each_persona_the_expected_response(db, client_for, url, persona, expected):
    response = client_for(persona).get(url)
    if isinstance(expected, to):
        assert response.status_code == 302, f"{url} gave {response.status_code}"
        assert response["Location"].startswith(expected.prefix), response["Location"]
    else:
        assert response.status_code == expected, f"{url} gave {response.status_code}"


def test_it_covers_every_persona_for_every_url():
    for url, expected in MATRIX:
        assert set(expected) == set(PERSONAS), url
