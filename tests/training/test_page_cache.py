"""Rendered parts of training pages kept in the cache: each write that changes one shows at once,
and no two people who may see different things share one."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from interests.induction import STEP_KEY
from interests.models import Register
from training import page_cache, services
from training.models import Course, CourseAssignment, InductionItem


@pytest.fixture
def courses_page(client_for):
    def read(user, query=""):
        response = client_for(user).get("/training/" + query)
        assert response.status_code == 200
        return response.content.decode()

    return read


def test_it_keeps_the_course_list_and_uses_it_again(
    councillor, make_course, client_for, django_assert_num_queries
):
    make_course("Code of Conduct")
    client = client_for(councillor)
    client.get("/training/")
    # Session, user, two permission reads, the member, then the kept part (a database cache here).
    with django_assert_num_queries(6):
        assert "Code of Conduct" in client.get("/training/").content.decode()


def test_booking_a_place_shows_on_the_course_list_at_once(councillor, session, courses_page):
    assert "You are booked" not in courses_page(councillor)

    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert "You are booked" in courses_page(councillor)

    services.booking_cancel(booking=booking, actor=councillor)
    assert "You are booked" not in courses_page(councillor)


def test_a_course_changed_in_the_back_office_shows_at_once(councillor, course, courses_page):
    assert "Social media basics" in courses_page(councillor)

    course.title = "Social media for members"
    course.save()  # as the admin saves it

    assert "Social media for members" in courses_page(councillor)


def test_a_new_session_shows_at_once(councillor, course, make_session, courses_page):
    assert "No dates planned yet" in courses_page(councillor)

    make_session(course=course)

    assert "Next session" in courses_page(councillor)


def test_a_session_that_has_started_leaves_the_list_without_a_write(
    councillor, course, make_session, courses_page
):
    make_session(course=course, starts_in=datetime.timedelta(hours=1))
    assert "Next session" in courses_page(councillor)

    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "No dates planned yet" in courses_page(councillor)


def test_members_in_different_audiences_never_share_a_course_list(
    councillor, coopted_member, make_course, courses_page
):
    make_course("Planning for councillors", audience=Course.Audience.COUNCILLORS)
    make_course("Scrutiny for co-opted members", audience=Course.Audience.CO_OPTED)

    mine = courses_page(councillor)
    theirs = courses_page(coopted_member)

    assert "Planning for councillors" in mine and "Scrutiny for co-opted members" not in mine
    assert "Scrutiny for co-opted members" in theirs and "Planning for councillors" not in theirs


def test_a_course_done_by_one_member_is_not_shown_done_to_another(
    councillor, other_councillor, course, courses_page
):
    fields = {"source": "certificate", "status": "verified", "completed_on": timezone.localdate()}
    course.completions.create(member=councillor.member, **fields)

    assert "tag-done" in courses_page(councillor)
    assert "tag-done" not in courses_page(other_councillor)


def test_the_filters_are_kept_apart(councillor, make_course, courses_page):
    make_course("Online safety", delivery=Course.Delivery.E_LEARNING)
    make_course("Chairing skills", delivery=Course.Delivery.IN_PERSON)
    courses_page(councillor)

    filtered = courses_page(councillor, "?delivery=e_learning")

    assert "Online safety" in filtered and "Chairing skills" not in filtered


def test_the_course_list_works_without_the_cache(councillor, course, courses_page):
    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(cache, "set", side_effect=ConnectionError),
    ):
        assert "Social media basics" in courses_page(councillor)


def test_keys_differ_for_every_part_given():
    assert page_cache.key("courses", 1, 2, []) != page_cache.key("courses", 2, 2, [])
    assert page_cache.key("courses", 1, 2, []) != page_cache.key("courses", 1, 2, [("page", ["2"])])


# --- A member's own training record -------------------------------------------------


@pytest.fixture
def record_page(client_for):
    def read(user):
        response = client_for(user).get("/training/record/")
        assert response.status_code == 200
        return response.content.decode()

    return read


def test_it_keeps_the_record_and_uses_it_again(councillor, session, client_for, django_assert_num_queries):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(councillor)
    client.get("/training/record/")
    # Session, user, two permission reads, the member, the assignments; then the kept part.
    with django_assert_num_queries(7):
        assert "Social media basics" in client.get("/training/record/").content.decode()


def test_booking_a_place_shows_on_the_record_at_once(councillor, session, record_page):
    assert "No sessions booked" in record_page(councillor)

    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert "Sessions to come" in record_page(councillor)

    services.booking_cancel(booking=booking, actor=councillor)
    assert "No sessions booked" in record_page(councillor)


def test_a_completion_added_in_the_back_office_shows_on_the_record_at_once(councillor, course, record_page):
    assert "No completed training yet" in record_page(councillor)

    course.completions.create(
        member=councillor.member, source="certificate", status="verified", completed_on=timezone.localdate()
    )

    assert "No completed training yet" not in record_page(councillor)


def test_an_assignment_reason_rewritten_in_bulk_shows_on_the_record_at_once(
    councillor, course, member_support, record_page
):
    services.course_assign(
        member=councillor.member, course=course, actor=member_support, due_on=None, reason="Case 12"
    )
    assert "Assigned to you: Case 12" in record_page(councillor)

    # As a case's anonymisation does: no signal, so no new generation.
    CourseAssignment.objects.filter(member=councillor.member).update(reason="")

    page = record_page(councillor)
    assert "Case 12" not in page
    assert "Assigned to you" in page


def test_a_session_that_has_ended_leaves_the_record_without_a_write(councillor, make_session, record_page):
    session = make_session(starts_in=datetime.timedelta(hours=1))
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert "Sessions to come" in record_page(councillor)

    later = timezone.now() + datetime.timedelta(hours=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "No sessions booked" in record_page(councillor)


def test_two_members_never_share_a_record(councillor, other_councillor, session, record_page):
    services.booking_book(session=session, member=councillor.member, actor=councillor)

    assert "Sessions to come" in record_page(councillor)
    assert "No sessions booked" in record_page(other_councillor)
    assert "Jo Pennant" in record_page(other_councillor)


def test_the_record_works_without_the_cache(councillor, session, record_page):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(cache, "set", side_effect=ConnectionError),
    ):
        assert "Sessions to come" in record_page(councillor)


def test_a_write_goes_ahead_without_the_cache(councillor, session):
    with mock.patch.object(cache, "set", side_effect=ConnectionError):
        booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    assert booking.pk is not None


# --- A session page's data -------------------------------------------------------------


@pytest.fixture
def session_page(client_for):
    def read(user, session):
        response = client_for(user).get(f"/training/sessions/{session.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    return read


def test_it_keeps_the_session_page_and_uses_it_again(
    councillor, session, client_for, django_assert_num_queries
):
    client = client_for(councillor)
    client.get(f"/training/sessions/{session.pk}/")
    # Session, user, two permission reads, the member; then the kept page (a database cache here).
    with django_assert_num_queries(6):
        assert "Book a place" in client.get(f"/training/sessions/{session.pk}/").content.decode()


def test_booking_shows_on_the_session_page_at_once(councillor, session, session_page):
    assert "10 of 10 places left" in session_page(councillor, session)

    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    page = session_page(councillor, session)
    assert "You have a place on this session" in page
    assert "9 of 10 places left" in page

    services.booking_cancel(booking=booking, actor=councillor)
    assert "10 of 10 places left" in session_page(councillor, session)


def test_someone_elses_booking_changes_the_places_left_at_once(
    councillor, other_councillor, session, session_page
):
    assert "10 of 10 places left" in session_page(councillor, session)

    services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)

    page = session_page(councillor, session)
    assert "9 of 10 places left" in page
    assert "You have a place on this session" not in page


def test_a_session_changed_in_the_back_office_shows_at_once(councillor, session, session_page):
    session_page(councillor, session)

    session.venue = "The Guildhall"
    session.save()

    assert "The Guildhall" in session_page(councillor, session)


def test_booking_closes_without_a_write(councillor, make_session, session_page):
    session = make_session(starts_in=datetime.timedelta(hours=1))
    assert "Book a place" in session_page(councillor, session)

    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Booking has closed" in session_page(councillor, session)


def test_a_member_never_sees_the_register_member_support_sees(
    councillor, other_councillor, member_support, session, session_page
):
    services.booking_book(session=session, member=other_councillor.member, actor=other_councillor)

    assert "Jo Pennant" in session_page(member_support, session)
    assert "Jo Pennant" not in session_page(councillor, session)


def test_a_council_renamed_shows_on_the_register_at_once(member_support, councillor, session, client_for):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(member_support)
    client.get(f"/training/sessions/{session.pk}/register/")

    authority = councillor.member.authority
    authority.name = "Fellbridge Unitary Council"
    authority.save()

    assert (
        "Fellbridge Unitary Council"
        in client.get(f"/training/sessions/{session.pk}/register/").content.decode()
    )


# --- Member Support's register and cohort pages ------------------------------------------


def test_marking_the_register_shows_at_once(
    member_support, councillor, make_session, make_booking, client_for
):
    session = make_session(starts_in=datetime.timedelta(hours=-3))
    booking = make_booking(session, councillor.member)
    client = client_for(member_support)
    url = f"/training/sessions/{session.pk}/register/"
    assert "0 marked so far" in client.get(url).content.decode()

    response = client.post(url, {f"attendance_{booking.pk}": "attended"})
    assert response.status_code == 302

    page = client.get(url).content.decode()
    assert "1 marked so far" in page
    assert f'value="attended" class="form-check-input" id="id_attendance_{booking.pk}_0" checked' in page


def test_a_booking_shows_on_the_register_at_once(member_support, councillor, session, client_for):
    client = client_for(member_support)
    url = f"/training/sessions/{session.pk}/register/"
    assert "Nobody is booked on this session." in client.get(url).content.decode()

    services.booking_book(session=session, member=councillor.member, actor=councillor)

    assert "Morgan Hale" in client.get(url).content.decode()


def test_the_register_can_be_marked_from_the_day_without_a_write(
    member_support, councillor, make_session, client_for
):
    session = make_session(starts_in=datetime.timedelta(days=1))
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    client = client_for(member_support)
    url = f"/training/sessions/{session.pk}/register/"
    assert "can be marked from the day of the session" in client.get(url).content.decode()

    tomorrow = timezone.now() + datetime.timedelta(days=1, hours=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        # Signed in again: an officer's sign-in does not last a day.
        assert "Save the register" in client_for(member_support).get(url).content.decode()


@pytest.fixture
def cohort(make_pack, course, councillor):
    pack = make_pack(items=[(course, 30)])
    services.induction_assign(pack=pack, member=councillor.member, actor=None)
    return pack


def test_a_completion_moves_the_cohort_on_at_once(member_support, councillor, course, cohort, client_for):
    assert not cohort.items.exclude(step="").exists()  # so the cohort is kept
    client = client_for(member_support)
    url = f"/training/induction/{cohort.slug}/"
    assert "0 of 1" in client.get(url).content.decode()
    with mock.patch.object(cache, "set") as keep:
        client.get(url)
    keep.assert_not_called()  # read from the cache

    course.completions.create(
        member=councillor.member, source="certificate", status="verified", completed_on=timezone.localdate()
    )

    assert "1 of 1" in client.get(url).content.decode()


def test_a_new_member_of_the_cohort_shows_at_once(member_support, other_councillor, cohort, client_for):
    client = client_for(member_support)
    url = f"/training/induction/{cohort.slug}/"
    assert "Jo Pennant" not in client.get(url).content.decode()

    services.induction_assign(pack=cohort, member=other_councillor.member, actor=None)

    assert "Jo Pennant" in client.get(url).content.decode()


def test_a_step_falls_overdue_on_its_day_without_a_write(member_support, cohort, client_for):
    client = client_for(member_support)
    url = f"/training/induction/{cohort.slug}/"
    client.get(url)

    later = timezone.now() + datetime.timedelta(days=60)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "1 overdue" in client_for(member_support).get(url).content.decode()


def test_submitting_a_register_of_interests_does_the_step_at_once(
    member_support, councillor, cohort, client_for
):
    InductionItem.objects.create(pack=cohort, position=9, step=STEP_KEY, due_days=28)
    record_url, cohort_url = "/training/record/", f"/training/induction/{cohort.slug}/"
    assert "tag-done" not in client_for(councillor).get(record_url).content.decode()
    assert "0 of 2" in client_for(member_support).get(cohort_url).content.decode()

    # Training cannot name the interests app's models: any write there gives a new generation.
    Register.objects.create(member=councillor.member, first_submitted_at=timezone.now())

    assert "tag-done" in client_for(councillor).get(record_url).content.decode()
    assert "1 of 2" in client_for(member_support).get(cohort_url).content.decode()


def test_the_kept_cohort_rows_carry_each_readers_own_form_token(member_support, councillor, cohort):
    from django.test import Client

    url = f"/training/induction/{cohort.slug}/"
    later = timezone.now() + datetime.timedelta(days=60)  # the member is behind: a Remind button
    with mock.patch("django.utils.timezone.now", return_value=later):
        first = Client(enforce_csrf_checks=True)
        first.force_login(member_support)
        first.get(url)  # keeps the rows
        second = Client(enforce_csrf_checks=True)
        second.force_login(member_support)  # another sign-in: another token
        page = second.get(url).content.decode()

        assert page_cache.FORM_TOKEN not in page
        row_form = page[: page.index('name="assignment"')]  # the kept row's own form
        token = row_form.split('name="csrfmiddlewaretoken" value="')[-1].split('"')[0]
        response = second.post(
            f"/training/induction/{cohort.slug}/remind/",
            {"csrfmiddlewaretoken": token, "assignment": cohort.assignments.get().pk},
        )
    assert response.status_code == 302


def test_migrations_writing_a_step_apps_rows_touch_no_cache(monkeypatch):
    """Historical models (module "__fake__") are what data migrations write with; on a new
    database the cache table does not exist yet, and a failed cache query aborts the migration."""
    from types import SimpleNamespace

    from training import record_cache

    bumped = []
    monkeypatch.setattr(record_cache, "changed", lambda **kwargs: bumped.append(kwargs))
    monkeypatch.setattr(record_cache, "_step_apps", lambda: {"interests"})
    historical = type(
        "Register", (), {"__module__": "__fake__", "_meta": SimpleNamespace(app_label="interests")}
    )
    record_cache._changed_by_a_step(historical)
    assert bumped == []
    real = type(
        "Register", (), {"__module__": "interests.models", "_meta": SimpleNamespace(app_label="interests")}
    )
    record_cache._changed_by_a_step(real)
    assert len(bumped) == 1
