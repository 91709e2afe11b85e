"""Wording found in the review walk: proper names keep their capitals, table labels read cleanly."""

import datetime
import uuid

import pytest
from django.utils import timezone

from interests import services
from portal.errors import DomainError
from portal.selectors import member_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(councillor, monitoring_officer):
    member = member_for(councillor)
    request, _ = services.dispensation_request(
        member=member, actor=councillor, matters="The budget", reasons="Council tenant", token=uuid.uuid4()
    )
    today = timezone.localdate()
    services.dispensation_decide(
        dispensation_id=request.pk,
        actor=monitoring_officer,
        grant=True,
        decided_by_body="standards_committee",
        grounds="quorum",
        note="Too few could vote",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=300),
    )
    return member


def test_a_dispensation_names_the_standards_committee_with_capitals(
    client, client_for, councillor, granted, submit_return, monitoring_officer
):
    submit_return(councillor, publish=True)
    public = client.get(f"/registers-of-interests/fellbridge/{granted.pk}/").content.decode()
    assert "granted by the Standards Committee" in public
    own = client_for(councillor).get(f"/interests/members/{granted.pk}/").content.decode()
    assert "by the Standards Committee" in own
    assert "standards committee" not in public + own


def test_the_gift_tables_label_the_column_without_a_question_mark(
    client, client_for, councillor, submit_return, declare_gift
):
    member = member_for(councillor)
    submit_return(councillor, publish=True)
    declare_gift(member)
    public = client.get(f"/registers-of-interests/fellbridge/{member.pk}/").content.decode()
    own = client_for(councillor).get(f"/interests/members/{member.pk}/").content.decode()
    for page in (public, own):
        assert "Accepted?" not in page  # shown as "Accepted?:" on a phone, where each cell is labelled
        assert 'data-label="Accepted or declined"' in page


def test_the_meeting_check_does_not_say_nothing_matches_when_only_a_draft_exists(
    client_for, councillor, category
):
    member = member_for(councillor)
    services.draft_start(member=member, actor=councillor)
    services.entry_add(
        member=member, actor=councillor, category=category("employment"), description="Pharmacist, Thornleigh"
    )
    page = client_for(councillor).get("/interests/check/", {"q": "pharmacist"}).content.decode()
    assert "Nothing on your register mentions" not in page
    assert "You have not submitted a register yet" in page
    assert f'href="/interests/members/{member.pk}/"' in page


def test_member_support_can_get_back_to_the_list_from_a_paper_members_pages(
    client_for, member_support, councillor, make_member
):
    paper = make_member(first_name="Alan", last_name="Paper")
    staff = client_for(member_support)
    for url in (f"/interests/members/{paper.pk}/", f"/interests/members/{paper.pk}/gifts/new/"):
        page = staff.get(url).content.decode()
        assert 'href="/interests/office/">Registers of interests</a>' in page, url
    own = client_for(councillor).get(f"/interests/members/{member_for(councillor).pk}/").content.decode()
    assert 'href="/interests/office/"' not in own


def test_member_support_typing_a_paper_form_is_not_spoken_to_as_the_member(
    client_for, member_support, make_member, category, monitoring_officer
):
    paper = make_member(first_name="Alan", last_name="Paper")
    services.draft_start(member=paper, actor=member_support, paper_received_on=timezone.localdate())
    for whose in ("member", "partner"):
        services.entry_add(
            member=paper,
            actor=member_support,
            category=category("employment"),
            description=f"Job {whose}",
            whose=whose,
        )
    staff = client_for(member_support)
    page = staff.get(f"/interests/members/{paper.pk}/submit/").content.decode()
    assert "(Mine)" not in page and "My spouse" not in page and "your first version" not in page
    assert "The member&#x27;s own" in page and "Their spouse, civil partner or partner&#x27;s" in page
    assert "I have typed in everything on the member" in page
    refused = staff.post(
        f"/interests/members/{paper.pk}/submit/", {"draft": paper.interest_register.returns.get().pk}
    )
    assert "Tick the box to confirm you typed in everything" in refused.content.decode()
    version = paper.interest_register.returns.get()
    staff.post(f"/interests/members/{paper.pk}/submit/", {"draft": version.pk, "confirm": "on"})
    version.refresh_from_db()
    review = client_for(monitoring_officer).get(f"/interests/office/returns/{version.pk}/").content.decode()
    assert "Mine" not in review and "My spouse" not in review
    assert "The member&#x27;s own" in review


def test_the_member_still_sees_their_own_wording(client_for, councillor, category):
    member = member_for(councillor)
    services.draft_start(member=member, actor=councillor)
    services.entry_add(
        member=member, actor=councillor, category=category("employment"), description="Teacher"
    )
    page = client_for(councillor).get(f"/interests/members/{member.pk}/submit/").content.decode()
    assert "(Mine)" in page and "your first version" in page and "complete and correct" in page


def test_confirm_unchanged_is_offered_only_for_a_published_version(
    client_for, councillor, submit_return, monitoring_officer
):
    member = member_for(councillor)
    client = client_for(councillor)
    version = submit_return(councillor)
    assert (
        "Confirm it is still right, unchanged"
        not in client.get(f"/interests/members/{member.pk}/").content.decode()
    )
    services.return_request_changes(
        version_id=version.pk, actor=monitoring_officer, message="Add the address"
    )
    assert (
        "Confirm it is still right, unchanged"
        not in client.get(f"/interests/members/{member.pk}/").content.decode()
    )
    submit_return(councillor, publish=True)
    assert (
        "Confirm it is still right, unchanged"
        in client.get(f"/interests/members/{member.pk}/").content.decode()
    )


def test_confirming_unchanged_is_refused_until_the_latest_version_is_published(
    councillor, submit_return, monitoring_officer
):
    """The button is hidden then; the service refuses too (a stale page or a crafted post)."""
    member = member_for(councillor)
    version = submit_return(councillor)
    with pytest.raises(DomainError, match="still with the Monitoring Officer"):
        services.register_confirm_unchanged(member=member, actor=councillor)
    services.return_request_changes(
        version_id=version.pk, actor=monitoring_officer, message="Add the address"
    )
    with pytest.raises(DomainError, match="still with the Monitoring Officer"):
        services.register_confirm_unchanged(member=member, actor=councillor)
    assert member.interest_register.returns.versions().count() == 1


def test_member_support_is_told_whose_dispensation_request_went(
    client_for, member_support, make_member, parish
):
    """Typing in a paper member's request, Member Support is not told it was their own."""
    paper = make_member(authority=parish, first_name="Len", last_name="Marsh")
    data = {"matters": "The budget", "reasons": "Half the council rents", "token": str(uuid.uuid4())}
    response = client_for(member_support).post(
        f"/interests/members/{paper.pk}/dispensations/new/", data, follow=True
    )
    page = response.content.decode()
    assert "Len Marsh" in page and "request has gone to the Monitoring Officer" in page
    assert "Your request has gone" not in page
