"""Query budgets: each page runs the same number of queries with 1 row and with 50."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interests import services
from portal.selectors import member_for

BUDGET = 20  # the session, the user and permissions included


def count(client, path) -> int:
    client.get(path)  # warm: permissions and the like cached per request anyway
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    if response.streaming:
        b"".join(response.streaming_content)
    return len(queries)


def entries(n):
    return [
        ("charities", f"Trustee of charity {i}", {"whose": "partner" if i % 2 else "member"})
        for i in range(n)
    ]


@pytest.fixture
def filled(councillor, monitoring_officer, submit_return, declare_gift):
    """``filled(n)``: n entries published, n more waiting, n gifts, n dispensations (half granted)."""

    def make(n):
        member = member_for(councillor)
        submit_return(councillor, entries=entries(n), publish=True)
        version = submit_return(councillor, entries=entries(n))
        for i in range(n):
            declare_gift(member, description=f"Gift {i}")
            request, _ = services.dispensation_request(
                member=member, actor=councillor, matters=f"Matter {i}", reasons="Reasons", token=uuid.uuid4()
            )
            if i % 2:
                services.dispensation_decide(
                    dispensation_id=request.pk,
                    actor=monitoring_officer,
                    grant=True,
                    decided_by_body="monitoring_officer",
                    grounds="area",
                    note="ok",
                    starts_on=timezone.localdate(),
                    ends_on=timezone.localdate() + datetime.timedelta(days=30),
                )
        services.draft_start(member=member, actor=councillor)
        return member, version

    return make


def pages(member, version):
    return {
        "public member": (None, f"/registers-of-interests/fellbridge/{member.pk}/"),
        "public council": (None, "/registers-of-interests/fellbridge/"),
        "public index": (None, "/registers-of-interests/"),
        "public csv": (None, "/registers-of-interests/fellbridge/register.csv"),
        "own register": ("councillor", f"/interests/members/{member.pk}/"),
        "edit": ("councillor", f"/interests/members/{member.pk}/edit/charities/"),
        "submit": ("councillor", f"/interests/members/{member.pk}/submit/"),
        "version": ("councillor", f"/interests/members/{member.pk}/versions/2/"),
        "check": ("councillor", "/interests/check/?q=charity+trustee"),
        "office": ("monitoring_officer", "/interests/office/"),
        "review": ("monitoring_officer", f"/interests/office/returns/{version.pk}/"),
        "dashboard": ("councillor", "/"),
        "officer dashboard": ("monitoring_officer", "/"),
    }


def measure(client_for, request, member, version):
    results = {}
    for name, (persona, path) in pages(member, version).items():
        user = request.getfixturevalue(persona) if persona else None
        results[name] = count(client_for(user), path)
    return results


def test_every_page_runs_the_same_queries_with_1_row_and_with_50(
    client_for, filled, request, councillor, monitoring_officer, make_member, django_db_blocker
):
    one = measure(client_for, request, *filled(1))
    # Grow everything to 50: more entries, gifts, dispensations and members.
    member = member_for(councillor)
    services.return_publish(
        version_id=member.interest_register.returns.get(status="submitted").pk, actor=monitoring_officer
    )
    draft = member.interest_register.returns.get(status="draft")
    services.return_submit(member=member, actor=councillor, draft_id=draft.pk)
    for i in range(49):
        make_member(first_name=f"Extra{i}", last_name="Member")
    many = measure(client_for, request, *filled(50))
    assert many == one
    over = {name: n for name, n in many.items() if n > BUDGET and "dashboard" not in name}
    assert not over, over
