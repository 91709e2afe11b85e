"""Dispensations: granted with grounds for at most four years, ending after they start; decided once."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction

from interests import services
from interests.models import Dispensation
from portal.errors import DomainError
from portal.selectors import member_for
from tests.kit import text_of

START = datetime.date(2027, 2, 28)


@pytest.fixture
def request_for(councillor):
    def make():
        found, _ = services.dispensation_request(
            member=member_for(councillor),
            actor=councillor,
            matters="Budget",
            reasons="Rents",
            token=uuid.uuid4(),
        )
        return found

    return make


def _grant(dispensation, officer, ends_on, starts_on=START):
    return services.dispensation_decide(
        dispensation_id=dispensation.pk,
        actor=officer,
        grant=True,
        decided_by_body="monitoring_officer",
        note="Most members would otherwise be unable to vote",
        grounds="quorum",
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_it_grants_for_exactly_four_years(request_for, monitoring_officer):
    granted = _grant(request_for(), monitoring_officer, datetime.date(2031, 2, 28))
    assert granted.decision == "granted"


def test_it_refuses_more_than_four_years(request_for, monitoring_officer):
    with pytest.raises(DomainError, match="at most four years"):
        _grant(request_for(), monitoring_officer, datetime.date(2031, 3, 1))


def test_it_refuses_an_end_on_or_before_the_start(request_for, monitoring_officer):
    for end in (START, START - datetime.timedelta(days=1)):
        with pytest.raises(DomainError, match="end after it starts"):
            _grant(request_for(), monitoring_officer, end)


def test_it_counts_four_years_from_29_february(monitoring_officer, request_for):
    assert services.latest_end(datetime.date(2028, 2, 29)) == datetime.date(2032, 2, 29)
    # Four years on from a leap day can miss one (2096 to 2100): the day before, then.
    assert services.latest_end(datetime.date(2096, 2, 29)) == datetime.date(2100, 2, 28)
    with pytest.raises(DomainError):
        _grant(
            request_for(),
            monitoring_officer,
            datetime.date(2032, 3, 1),
            starts_on=datetime.date(2028, 2, 29),
        )


def test_it_decides_a_request_once(request_for, monitoring_officer):
    found = request_for()
    _grant(found, monitoring_officer, datetime.date(2028, 1, 1))
    with pytest.raises(DomainError, match="already been decided"):
        _grant(found, monitoring_officer, datetime.date(2028, 1, 1))


def test_the_database_refuses_more_than_four_years_too(councillor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispensation.objects.create(
            member=member_for(councillor),
            matters="x",
            reasons="y",
            decision="granted",
            grounds="quorum",
            starts_on=START,
            ends_on=START + datetime.timedelta(days=5 * 365),
        )


def test_the_form_says_what_is_wrong_with_the_dates(client_for, monitoring_officer, request_for):
    found = request_for()
    response = client_for(monitoring_officer).post(
        f"/interests/office/dispensations/{found.pk}/",
        {
            "grant": "yes",
            "decided_by_body": "monitoring_officer",
            "note": "ok",
            "starts_on": "2027-01-01",
            "ends_on": "2032-01-01",
        },
    )
    assert response.status_code == 400
    assert "at most four years: end it by 01 January 2031" in text_of(response)
    missing = client_for(monitoring_officer).post(
        f"/interests/office/dispensations/{found.pk}/",
        {"grant": "yes", "decided_by_body": "monitoring_officer"},
    )
    page = text_of(missing)
    for message in ("Choose the grounds", "Give the date the dispensation starts", "Give the reasons"):
        assert message in page


def test_a_refusal_needs_no_dates(request_for, monitoring_officer):
    refused = services.dispensation_decide(
        dispensation_id=request_for().pk,
        actor=monitoring_officer,
        grant=False,
        decided_by_body="standards_committee",
        note="Not needed: the interest is too remote",
    )
    assert refused.decision == "refused" and refused.ends_on is None
