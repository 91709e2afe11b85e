"""Query budgets: each page runs the same, fixed number of queries with 1 row or 50."""

import datetime

import pytest
from django.utils import timezone

from training import record_cache
from training.models import Booking, Completion, InductionAssignment

SIZES = [1, 50]
# Every signed-in request first spends 4 statements (session, user, permissions; allauth's
# session record is written at most once a minute); the budgets below include them.


def members(make_member, count):
    return [make_member(email=f"budget{n}@example.org") for n in range(count)]


def get(client, url, django_assert_num_queries, budget):
    client.get(url)  # the first request sets up the session
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("count", SIZES)
def test_course_list(client_for, councillor, make_course, make_session, count, django_assert_num_queries):
    for n in range(count):
        course = make_course(f"Course {n:02d}", refresher_months=12)
        make_session(course=course)
        Completion.objects.create(
            member=councillor.member,
            course=course,
            source="certificate",
            status="verified",
            completed_on=timezone.localdate(),
        )
    # The courses are kept rendered (training.page_cache): the kept part is one read of the cache.
    response = get(client_for(councillor), "/training/", django_assert_num_queries, 6)
    assert "Course 00" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_course_list_with_nothing_kept(
    client_for, councillor, make_course, make_session, count, django_assert_num_queries
):
    for n in range(count):
        make_session(course=make_course(f"Course {n:02d}", refresher_months=12))
    client = client_for(councillor)
    client.get("/training/")
    record_cache.changed()
    # 5 for the request and the member, 2 for the courses (count, page); 7 for the database cache
    # (Redis in production): reading the part and the generation, and keeping the part.
    with django_assert_num_queries(14):
        response = client.get("/training/")
    assert "Course 00" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_session_page_for_member_support(
    client_for, member_support, make_member, session, count, django_assert_num_queries
):
    for member in members(make_member, count):
        Booking.objects.create(session=session, member=member, status="booked", booked_at=timezone.now())
    response = get(
        client_for(member_support), f"/training/sessions/{session.pk}/", django_assert_num_queries, 8
    )
    assert f"Booked ({count} of 10)" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_session_page_for_a_member(
    client_for, councillor, make_member, make_session, count, django_assert_num_queries
):
    session = make_session(capacity=100)
    for member in members(make_member, count):
        Booking.objects.create(session=session, member=member, status="booked", booked_at=timezone.now())
    Booking.objects.create(
        session=session, member=councillor.member, status="booked", booked_at=timezone.now()
    )
    # The page's data is kept (training.page_cache): one read of the cache instead of three queries.
    response = get(client_for(councillor), f"/training/sessions/{session.pk}/", django_assert_num_queries, 6)
    assert "You have a place on this session." in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_session_page_for_a_member_with_nothing_kept(
    client_for, councillor, make_member, make_session, count, django_assert_num_queries
):
    session = make_session(capacity=100)
    for member in members(make_member, count):
        Booking.objects.create(session=session, member=member, status="booked", booked_at=timezone.now())
    client = client_for(councillor)
    client.get(f"/training/sessions/{session.pk}/")
    record_cache.changed()
    # 8 as before the page was kept, and 7 for the database cache (Redis in production).
    with django_assert_num_queries(15):
        response = client.get(f"/training/sessions/{session.pk}/")
    assert "100 of 100 places left" not in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_my_record(
    client_for,
    councillor,
    make_course,
    make_session,
    make_pack,
    make_document,
    count,
    django_assert_num_queries,
):
    member = councillor.member
    items = []
    for n in range(count):
        course = make_course(f"Course {n:02d}", refresher_months=12, requirement="all_members")
        Completion.objects.create(
            member=member,
            course=course,
            source="certificate",
            status="verified",
            completed_on=timezone.localdate() - datetime.timedelta(days=n * 10),
            expires_on=timezone.localdate() + datetime.timedelta(days=365 - n * 10),
        )
        session = make_session(course=course)
        Booking.objects.create(session=session, member=member, status="booked", booked_at=timezone.now())
        items.append((make_document(), 14))
    pack = make_pack(items=items)
    InductionAssignment.objects.create(
        pack=pack, member=member, start_date=member.term_start, how="individual"
    )
    # 7 with the record kept in the cache (training.record_cache) by the first request.
    response = get(client_for(councillor), "/training/record/", django_assert_num_queries, 7)
    assert "Course 00" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_register(client_for, member_support, make_member, make_session, count, django_assert_num_queries):
    session = make_session(starts_in=datetime.timedelta(hours=-2), capacity=60)
    for member in members(make_member, count):
        Booking.objects.create(session=session, member=member, status="booked", booked_at=timezone.now())
    # The unmarked register is kept (training.page_cache): one read of the cache instead of two queries.
    client = client_for(member_support)
    response = get(client, f"/training/sessions/{session.pk}/register/", django_assert_num_queries, 6)
    assert response.content.decode().count('type="radio"') == count * 3
    record_cache.changed()
    # With nothing kept: 7 as before, and 7 for the database cache (Redis in production).
    with django_assert_num_queries(14):
        response = client.get(f"/training/sessions/{session.pk}/register/")
    assert response.content.decode().count('type="radio"') == count * 3


@pytest.mark.parametrize("count", SIZES)
def test_cohort_page(
    client_for,
    member_support,
    make_member,
    make_pack,
    make_course,
    make_document,
    count,
    django_assert_num_queries,
):
    pack = make_pack(items=[(make_document(), 14), (make_course(), 30)])
    for member in members(make_member, count):
        InductionAssignment.objects.create(
            pack=pack, member=member, start_date=member.term_start, how="cohort"
        )
    # The figures are kept (training.page_cache): one read of the cache instead of six queries.
    client = client_for(member_support)
    response = get(client, f"/training/induction/{pack.slug}/", django_assert_num_queries, 6)
    assert f"Everyone with this pack ({count})" in response.content.decode()
    record_cache.changed()
    # With nothing kept: 11 as before, and 7 for the database cache (Redis in production).
    with django_assert_num_queries(18):
        response = client.get(f"/training/induction/{pack.slug}/")
    assert f"Everyone with this pack ({count})" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_dashboard_for_member_support(
    client_for,
    member_support,
    make_member,
    make_committee,
    make_course,
    make_session,
    count,
    django_assert_num_queries,
):
    from training.models import CommitteeRequirement

    committee = make_committee("Planning Committee", members=members(make_member, count))
    course = make_course("Planning")
    CommitteeRequirement.objects.create(committee=committee, course=course)
    for _ in range(count):
        make_session(course=course)
    # Every card was kept by the first request: the write counts, who has never signed in (for
    # the members overview) and one read of the (database) cache.
    get(client_for(member_support), "/", django_assert_num_queries, 8)


@pytest.mark.parametrize("count", SIZES)
def test_dashboard_for_a_new_member(
    client_for, councillor, make_pack, make_document, make_session, count, django_assert_num_queries
):
    member = councillor.member
    pack = make_pack(items=[(make_document(), 14) for _ in range(count)])
    InductionAssignment.objects.create(
        pack=pack, member=member, start_date=timezone.localdate(), how="individual"
    )
    for _ in range(count):
        Booking.objects.create(
            session=make_session(), member=member, status="booked", booked_at=timezone.now()
        )
    # The panel shows the training record: its completions, mandatory courses and assignments.
    # Every card was kept by the first request: the member, their committees, the write counts
    # and one read of the (database) cache.
    response = get(client_for(councillor), "/", django_assert_num_queries, 8)
    assert "Your induction" in response.content.decode()
