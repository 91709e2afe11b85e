"""Who may open the uptake reports: the steering group and the officers; to members they do not exist."""

import pytest

from tests import kit
from tests.conftest import PERSONAS
from tests.kit import SIGN_IN, get, to

SECTIONS = ["", "guidance/", "training/", "committees/", "induction/", "casework/", "print/"]
ALLOWED = {"member_support", "monitoring_officer", "deputy_monitoring_officer", "mssg_member", "superuser"}


def readers():
    return {p: to(SIGN_IN) if p == "anonymous" else 200 if p in ALLOWED else 404 for p in PERSONAS}


MATRIX = [get(f"/reports/{section}", readers()) for section in SECTIONS]


@pytest.mark.parametrize(("route", "persona", "expected"), kit.cases(MATRIX, PERSONAS), indirect=["persona"])
def test_only_the_steering_group_and_officers_can_open_the_reports(db, client_for, route, persona, expected):
    response = kit.request(client_for(persona), route, route.path)
    kit.check(response, route.path, expected)
    if response.status_code == 200:
        assert response["Cache-Control"].startswith("max-age=0")


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, PERSONAS)
