"""The public register of decisions is kept rendered (complaints.register_cache) and changes
right after a decision notice is written."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import DecisionNotice
from complaints.register_cache import REGISTER
from complaints.stages import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def notice_queries(client, path="/complaints/decisions/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries if "complaints_decisionnotice" in q["sql"]]


def publish(notice, **fields):
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.published_at = notice.published_at or timezone.now()
    notice.save()


@pytest.fixture
def notice(make_complaint):
    return DecisionNotice.objects.create(
        complaint=make_complaint(),
        decision=Stage.BREACH,
        title="Hearing",
        text="Text",
        public_text="Text",
        published_at=timezone.now(),
        member_name="Cllr Ada Fenwick",
        authority_name="Fellbridge District Council",
    )


def test_the_second_visitor_gets_the_kept_table(client, notice):
    first, read = notice_queries(client)
    assert notice.member_name in first and read
    second, read = notice_queries(client)
    assert second == first
    assert read == []


def test_a_notice_changed_shows_at_once(client, notice):
    notice_queries(client)
    publish(notice, member_name="Councillor Renamed")
    page, read = notice_queries(client)
    assert "Councillor Renamed" in page and read


def test_a_notice_withdrawn_goes_at_once(client, notice):
    page, _ = notice_queries(client)
    assert notice.member_name in page
    DecisionNotice.objects.filter(pk=notice.pk).update(published_at=None)  # no signal
    REGISTER.changed()  # what the services do after a write that sends none
    page, _ = notice_queries(client)
    assert notice.member_name not in page


def test_odd_page_numbers_are_worked_out_not_kept(client, notice, monkeypatch):
    kept = []
    monkeypatch.setattr(REGISTER, "page", lambda what, render: kept.append(what) or render())
    for number in ("abc", "99999", "²", "٣", "-1", "1" * 5000):
        response = client.get("/complaints/decisions/", {"page": number})
        assert response.status_code == 200
        assert "Cllr Ada Fenwick" in response.content.decode()
    assert kept == []
    client.get("/complaints/decisions/", {"page": "1"})
    assert kept == [("register", 1)]


def test_the_register_works_with_the_cache_down(client, notice, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("portal.stamped_cache.cache.get_many", broken)
    page, read = notice_queries(client)
    assert notice.member_name in page and read
