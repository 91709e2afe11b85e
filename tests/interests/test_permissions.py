"""Who may open what: every registers URL for every persona, the public included.

The councillor (``councillor``) has a published version 1, a version 2 waiting for review
with a withheld entry and their partner's job, a draft, and a dispensation request. Len Marsh
is a parish member without a login, whose register Member Support types in from paper.
"""

import uuid

import pytest
from django.utils import timezone

from interests import services
from interests.models import Category, Dispensation, Return, Status
from portal.selectors import member_for
from tests import kit
from tests.conftest import PERSONAS
from tests.kit import BACK_OFFICE_SIGN_IN, SIGN_IN, to

EVERYONE = [*PERSONAS, "other_councillor"]
OFFICERS = {"monitoring_officer", "deputy_monitoring_officer"}
MEMBERS = {"councillor", "other_councillor", "coopted_member"}
SECRET = "Holm End Farm"
PARTNER = "Nurse at Fellbridge General"


def row(default, *, anonymous=None, **overrides):
    expected = dict.fromkeys(EVERYONE, default)
    expected["anonymous"] = anonymous or to(SIGN_IN)
    expected.update(overrides)
    return expected


def own_only(allowed, officers=403):
    return row(404, councillor=allowed, monitoring_officer=officers, deputy_monitoring_officer=officers)


def officers_only(allowed):
    return row(404, monitoring_officer=allowed, deputy_monitoring_officer=allowed)


EVERYONE_200 = row(200, anonymous=200)
MEMBER_PAGES = "/interests/members/"

MATRIX = [
    kit.get(
        "/interests/",
        row(
            403,
            **dict.fromkeys(MEMBERS, to(MEMBER_PAGES)),
            **dict.fromkeys([*OFFICERS, "member_support"], to("/interests/office/")),
            superuser=404,
        ),
    ),
    kit.get("/interests/check/?q=farm", row(403, **dict.fromkeys(MEMBERS, 200), superuser=404)),
    kit.get("/interests/members/{m}/", own_only(200, officers=200)),
    kit.get("/interests/members/{p}/", row(404, member_support=200, **dict.fromkeys(OFFICERS, 200))),
    kit.post("/interests/members/{m}/start/", own_only(to(MEMBER_PAGES))),
    kit.get("/interests/members/{m}/edit/employment/", own_only(200)),
    kit.post(
        "/interests/members/{m}/entries/{de}/remove/", own_only(to(MEMBER_PAGES)), {"category": "employment"}
    ),
    kit.get("/interests/members/{m}/submit/", own_only(200)),
    kit.post("/interests/members/{m}/confirm/", own_only(to(MEMBER_PAGES))),
    kit.get("/interests/members/{m}/versions/1/", own_only(200, officers=200)),
    kit.get("/interests/members/{m}/gifts/new/", own_only(200)),
    kit.get(
        "/interests/members/{p}/gifts/new/", row(404, member_support=200, **dict.fromkeys(OFFICERS, 403))
    ),
    kit.get("/interests/members/{m}/dispensations/new/", own_only(200)),
    kit.get("/interests/office/", row(404, member_support=200, **dict.fromkeys(OFFICERS, 200))),
    kit.get("/interests/office/returns/{v}/", officers_only(200)),
    kit.post(
        "/interests/office/returns/{v}/changes/", officers_only(to("/interests/office/")), {"message": "Fix"}
    ),
    kit.post("/interests/office/returns/{v}/publish/", officers_only(to("/interests/office/"))),
    kit.post(
        "/interests/office/entries/{e}/withhold/",
        officers_only(to("/interests/office/returns/")),
        {"e{e}-agree": "yes", "e{e}-note": "Police advice"},
    ),
    kit.get("/interests/office/dispensations/{d}/", officers_only(200)),
    kit.get(
        "/back-office/interests/category/",
        row(
            to(BACK_OFFICE_SIGN_IN),
            anonymous=to(BACK_OFFICE_SIGN_IN),
            member_support=403,
            superuser=200,
            **dict.fromkeys(OFFICERS, 200),
        ),
    ),
    kit.get(
        "/back-office/interests/register/{r}/change/",
        row(
            to(BACK_OFFICE_SIGN_IN),
            anonymous=to(BACK_OFFICE_SIGN_IN),
            member_support=403,
            superuser=403,
            **dict.fromkeys(OFFICERS, 200),
        ),
    ),
    kit.get("/registers-of-interests/", EVERYONE_200),
    kit.get("/registers-of-interests/fellbridge/", EVERYONE_200),
    kit.get("/registers-of-interests/fellbridge/{m}/", EVERYONE_200),
    kit.get("/registers-of-interests/fellbridge/register.csv", EVERYONE_200),
]


@pytest.fixture
def world(councillor, monitoring_officer, member_support, make_member, parish, submit_return):
    member = member_for(councillor)
    submit_return(councillor, entries=[("employment", "Solicitor at Fenwick & Hale LLP", {})], publish=True)
    pending = submit_return(
        councillor,
        entries=[
            ("land", SECRET, {"sensitive_reason": "A former client has threatened me"}),
            ("employment", PARTNER, {"whose": "partner"}),
        ],
    )
    secret = pending.entries.get(description=SECRET)
    services.entry_decide_sensitive(entry_id=secret.pk, actor=monitoring_officer, agree=True, note="Agreed")
    draft, _ = services.draft_start(member=member, actor=councillor)
    dispensation, _ = services.dispensation_request(
        member=member,
        actor=councillor,
        matters="The budget",
        reasons="Half the council rents",
        token=uuid.uuid4(),
    )
    paper = make_member(authority=parish, first_name="Len", last_name="Marsh")
    services.draft_start(member=paper, actor=member_support, paper_received_on=timezone.localdate())
    return {
        "m": member.pk,
        "p": paper.pk,
        "v": pending.pk,
        "e": secret.pk,
        "de": draft.entries.filter(category=Category.objects.get(slug="employment")).first().pk,
        "d": dispensation.pk,
        "r": member.interest_register.pk,
    }


def _filled(text, ids):
    return text.format(**ids)


@pytest.mark.parametrize(("route", "persona", "expected"), kit.cases(MATRIX, EVERYONE), indirect=["persona"])
def test_it_gives_each_persona_the_expected_response(client_for, world, route, persona, expected, request):
    path = _filled(route.path, world)
    data = {_filled(k, world): v for k, v in (route.data or {}).items()}
    response = kit.request(client_for(persona), route, path, data)
    kit.check(response, path, expected)
    name = request.node.callspec.params["persona"]
    if response.status_code != 302 and name not in (*OFFICERS, "councillor"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # The withheld land and (while unpublished) the partner's job reach nobody else.
        assert SECRET not in body.decode()
        assert PARTNER not in body.decode()


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, EVERYONE)


def test_it_changes_nothing_when_someone_else_posts(client_for, world, other_councillor, member_support):
    for person in (other_councillor, member_support):
        client = client_for(person)
        client.post(f"/interests/office/returns/{world['v']}/publish/")
        client.post(f"/interests/members/{world['m']}/entries/{world['de']}/remove/")
        client.post(f"/interests/members/{world['m']}/confirm/")
    assert Return.objects.get(pk=world["v"]).status == Status.SUBMITTED
    assert (
        Return.objects.filter(register__member_id=world["m"], status=Status.DRAFT).get().entries.count() == 3
    )
    assert Dispensation.objects.get(pk=world["d"]).decision == "requested"


def test_it_hides_that_a_register_exists_from_other_members(client_for, world, other_councillor):
    client = client_for(other_councillor)
    real = client.get(f"/interests/members/{world['m']}/")
    missing = client.get(f"/interests/members/{world['m'] + 1000}/")
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
