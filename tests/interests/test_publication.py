"""The public register: only published versions, never whose, withheld details withheld, a CSV per council."""

import csv
import datetime
import io
import uuid

from django.utils import timezone

from interests import services
from portal.selectors import member_for
from tests.kit import text_of

SECRET = "Holm End Farm, Fellbridge"
PARTNER_JOB = "Nurse at Fellbridge General Hospital"


def _published(councillor, submit_return):
    return submit_return(
        councillor,
        entries=[
            ("employment", PARTNER_JOB, {"whose": "partner"}),
            ("land", SECRET, {"sensitive_reason": "A former client made threats"}),
            ("charities", "Trustee of Riverside Food Bank", {}),
        ],
        publish=True,
    )


def test_it_shows_a_published_register_without_saying_whose(client, councillor, submit_return):
    _published(councillor, submit_return)
    member = member_for(councillor)
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
    assert PARTNER_JOB in page
    assert "Trustee of Riverside Food Bank" in page
    assert "spouse, civil partner or partner's" not in page
    assert "Mine" not in page
    assert "Register last updated" in page


def test_it_withholds_the_details_of_a_sensitive_interest(client, councillor, submit_return):
    _published(councillor, submit_return)
    member = member_for(councillor)
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
    assert SECRET not in page
    assert "former client" not in page
    assert "its details are withheld" in page


def test_it_publishes_the_details_when_withholding_is_refused(
    client, councillor, submit_return, monitoring_officer
):
    version = submit_return(
        councillor, entries=[("land", SECRET, {"sensitive_reason": "I would rather not"})]
    )
    entry = version.entries.get()
    services.entry_decide_sensitive(
        entry_id=entry.pk, actor=monitoring_officer, agree=False, note="No risk shown"
    )
    services.return_publish(version_id=version.pk, actor=monitoring_officer)
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member_for(councillor).pk}/"))
    assert SECRET in page


def test_it_shows_nothing_until_the_monitoring_officer_publishes(client, councillor, submit_return):
    submit_return(councillor, entries=[("charities", "Trustee of the Castle Trust", {})])
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member_for(councillor).pk}/"))
    assert "Trustee of the Castle Trust" not in page
    assert "No register has been published yet" in page


def test_it_keeps_showing_the_published_version_while_a_later_one_waits(client, councillor, submit_return):
    submit_return(councillor, entries=[("charities", "Trustee of the Castle Trust", {})], publish=True)
    submit_return(councillor, entries=[("charities", "Chair of the Mill Lane Residents", {})])
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member_for(councillor).pk}/"))
    assert "Trustee of the Castle Trust" in page
    assert "Mill Lane Residents" not in page


def test_it_lists_granted_dispensations_in_force_only(client, councillor, monitoring_officer):
    member = member_for(councillor)
    today = timezone.localdate()
    for matters, grant in [("Setting the council tax", True), ("The Mill Lane sale", False)]:
        request, _ = services.dispensation_request(
            member=member, actor=councillor, matters=matters, reasons="Many members rent", token=uuid.uuid4()
        )
        services.dispensation_decide(
            dispensation_id=request.pk,
            actor=monitoring_officer,
            grant=grant,
            decided_by_body="standards_committee",
            note="Considered at the meeting",
            grounds="quorum" if grant else "",
            starts_on=today if grant else None,
            ends_on=today + datetime.timedelta(days=365) if grant else None,
        )
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
    assert "Setting the council tax" in page
    assert "Mill Lane sale" not in page


def test_it_gives_a_csv_of_the_councils_published_registers_with_the_same_rules(
    client, councillor, submit_return
):
    _published(councillor, submit_return)
    response = client.get("/registers-of-interests/fellbridge/register.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Member", "Ward or parish", "Kind of interest", "Heading", "Entry", "Published"]
    text = body
    assert PARTNER_JOB in text
    assert SECRET not in text
    assert "partner" not in text.lower().replace(PARTNER_JOB.lower(), "")
    assert len(rows) == 4


def test_it_lists_councils_and_their_members(client, councillor, submit_return):
    _published(councillor, submit_return)
    index = text_of(client.get("/registers-of-interests/"))
    assert "Fellbridge District Council" in index
    council = text_of(client.get("/registers-of-interests/fellbridge/"))
    assert "Cllr Morgan Hale" in council


def test_it_answers_404_for_a_member_of_another_council(client, councillor, parish):
    member = member_for(councillor)
    assert client.get(f"/registers-of-interests/{parish.slug}/{member.pk}/").status_code == 404
    assert client.get("/registers-of-interests/nowhere/").status_code == 404


def test_it_publishes_gifts_at_or_over_the_threshold_only(client, councillor, declare_gift, settings):
    settings.INTERESTS_GIFT_THRESHOLD_POUNDS = 50
    member = member_for(councillor)
    declare_gift(member, description="Box of biscuits", value=20)
    declare_gift(member, description="Theatre tickets", value=50, accepted=False)
    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
    assert "Theatre tickets" in page and "Declined" in page
    assert "Box of biscuits" not in page
