"""Bad input gets a clear message and changes nothing; the same form twice makes one record."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from interests import services
from interests.models import Dispensation, Entry, Gift
from portal.errors import DomainError
from portal.selectors import member_for
from tests.kit import text_of


def _gift_data(**fields):
    data = {
        "giver": "Fellbridge Rotary Club",
        "description": "Two tickets to the charity ball",
        "value": "80",
        "received_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "accepted": "yes",
        "token": str(uuid.uuid4()),
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "-5"}, "The value cannot be below zero."),
        ({"value": "lots"}, "Enter the value as a number of pounds"),
        ({"received_on": "2999-01-01"}, "The date offered cannot be in the future."),
        ({"received_on": "31/02/2026"}, "Enter a real date."),
        ({"giver": ""}, "Say who offered it."),
        ({"accepted": ""}, "Say whether you accepted or declined it."),
        ({"description": "x" * 501}, "Keep what it was under 500 characters"),
    ],
)
def test_it_refuses_a_bad_gift_with_a_clear_message(client_for, councillor, fields, message):
    member = member_for(councillor)
    response = client_for(councillor).post(f"/interests/members/{member.pk}/gifts/new/", _gift_data(**fields))
    assert response.status_code == 400
    assert message in text_of(response)
    assert not Gift.objects.exists()


def test_it_keeps_what_was_typed_when_a_gift_is_refused(client_for, councillor):
    member = member_for(councillor)
    response = client_for(councillor).post(
        f"/interests/members/{member.pk}/gifts/new/", _gift_data(value="-1")
    )
    assert 'value="Fellbridge Rotary Club"' in response.content.decode()


def test_it_makes_one_gift_when_the_form_is_sent_twice(client_for, councillor):
    member = member_for(councillor)
    client = client_for(councillor)
    data = _gift_data()
    first = client.post(f"/interests/members/{member.pk}/gifts/new/", data)
    second = client.post(f"/interests/members/{member.pk}/gifts/new/", data)
    assert first.status_code == second.status_code == 302
    assert Gift.objects.count() == 1


def test_it_registers_a_declined_gift_and_flags_a_late_one(councillor, declare_gift):
    member = member_for(councillor)
    gift = declare_gift(
        member, accepted=False, received_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    assert gift.accepted is False
    assert gift.is_late is True
    on_time = declare_gift(member, received_on=timezone.localdate() - datetime.timedelta(days=28))
    assert on_time.is_late is False


def test_the_service_refuses_a_future_date_and_a_negative_value(councillor):
    member = member_for(councillor)
    base = {"giver": "A", "description": "B", "accepted": True, "token": uuid.uuid4()}
    with pytest.raises(DomainError, match="future"):
        services.gift_declare(
            member=member,
            actor=councillor,
            value=Decimal(1),
            received_on=timezone.localdate() + datetime.timedelta(days=1),
            **base,
        )
    with pytest.raises(DomainError, match="below zero"):
        services.gift_declare(
            member=member, actor=councillor, value=Decimal(-1), received_on=timezone.localdate(), **base
        )


def test_it_refuses_an_empty_or_over_long_entry(client_for, councillor):
    member = member_for(councillor)
    client = client_for(councillor)
    client.post(f"/interests/members/{member.pk}/start/")
    url = f"/interests/members/{member.pk}/edit/employment/"
    empty = client.post(url, {"description": "", "whose": "member"})
    assert empty.status_code == 400 and "Describe the interest." in text_of(empty)
    long = client.post(url, {"description": "y" * 1001, "whose": "member"})
    assert long.status_code == 400 and "under 1,000 characters" in text_of(long)
    no_whose = client.post(url, {"description": "Teacher"})
    assert no_whose.status_code == 400 and "Say whose interest this is." in text_of(no_whose)
    assert not Entry.objects.exists()


def test_it_asks_for_the_confirmation_tick_before_submitting(client_for, councillor):
    member = member_for(councillor)
    client = client_for(councillor)
    client.post(f"/interests/members/{member.pk}/start/")
    draft_id = member.interest_register.returns.get().pk
    response = client.post(f"/interests/members/{member.pk}/submit/", {"draft": draft_id})
    assert response.status_code == 400
    assert "Tick the box" in text_of(response)


def test_it_makes_one_version_when_the_submit_button_is_pressed_twice(client_for, councillor):
    member = member_for(councillor)
    client = client_for(councillor)
    client.post(f"/interests/members/{member.pk}/start/")
    draft_id = member.interest_register.returns.get().pk
    for _ in range(2):
        response = client.post(
            f"/interests/members/{member.pk}/submit/", {"draft": draft_id, "confirm": "on"}
        )
        assert response.status_code == 302
    assert member.interest_register.returns.count() == 1


def test_it_makes_one_dispensation_request_when_sent_twice(client_for, councillor):
    member = member_for(councillor)
    client = client_for(councillor)
    data = {"matters": "The budget", "reasons": "Half the council rents", "token": str(uuid.uuid4())}
    client.post(f"/interests/members/{member.pk}/dispensations/new/", data)
    client.post(f"/interests/members/{member.pk}/dispensations/new/", data)
    assert Dispensation.objects.count() == 1


def test_it_refuses_an_over_long_search(client_for, councillor):
    response = client_for(councillor).get("/interests/check/", {"q": "z" * 301})
    assert response.status_code == 400
    assert "Keep the search under 300 characters." in text_of(response)
