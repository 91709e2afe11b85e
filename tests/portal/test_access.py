"""The one access helper: 404 for people who may not know a thing exists, 403 for those who may not act."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from portal.access import SIGNED_IN, check, get_for_user, member_or_404, section
from portal.models import Member
from portal.selectors import member_for

MANAGE_CASES = "complaints.manage_cases"


def view(request):
    return HttpResponse("ok")


def get(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


def test_it_gives_an_outsider_404_for_a_hidden_section(councillor):
    with pytest.raises(Http404):
        section(MANAGE_CASES)(view)(get(councillor))


def test_it_gives_an_insider_403_with_the_message_when_they_may_not_act(councillor):
    guarded = section(SIGNED_IN, act=MANAGE_CASES, message="Only the Monitoring Officer.")(view)
    with pytest.raises(PermissionDenied, match="Only the Monitoring Officer."):
        guarded(get(councillor))


def test_it_lets_someone_with_the_permission_in(monitoring_officer):
    assert section(MANAGE_CASES)(view)(get(monitoring_officer)).status_code == 200


def test_it_sends_an_anonymous_visitor_to_sign_in_by_default(db):
    response = section(MANAGE_CASES)(view)(get(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_gives_an_anonymous_visitor_404_where_the_section_itself_is_confidential(db):
    with pytest.raises(Http404):
        section(MANAGE_CASES, sign_in=False)(view)(get(AnonymousUser()))


def test_it_marks_the_response_never_cache_when_asked(monitoring_officer):
    response = section(MANAGE_CASES, cache=False)(view)(get(monitoring_officer))
    assert "no-store" in response["Cache-Control"]


def test_it_hides_an_object_the_person_may_not_see(councillor, other_councillor):
    others = Member.objects.get(user=other_councillor)
    own_only = lambda user, member: member.user_id == user.pk  # noqa: E731
    with pytest.raises(Http404):
        get_for_user(councillor, Member, pk=others.pk, see=own_only)
    with pytest.raises(Http404):
        get_for_user(councillor, Member, pk=0, see=own_only)


def test_it_gives_403_for_an_object_the_person_may_see_but_not_change(councillor):
    own = Member.objects.get(user=councillor)
    with pytest.raises(PermissionDenied):
        get_for_user(councillor, Member.objects.all(), pk=own.pk, act=MANAGE_CASES)


def test_it_finds_an_object_through_a_selector_that_returns_none(councillor):
    own = Member.objects.get(user=councillor)
    assert get_for_user(councillor, lambda pk: Member.objects.filter(pk=pk).first(), pk=own.pk) == own
    with pytest.raises(Http404):
        get_for_user(councillor, lambda pk: None, pk=own.pk)


def test_it_checks_see_before_act(councillor):
    with pytest.raises(Http404):
        check(councillor, see=MANAGE_CASES, act=MANAGE_CASES)


def test_it_finds_the_member_for_a_user_in_one_query(councillor, django_assert_num_queries):
    with django_assert_num_queries(1):
        member = member_for(councillor)
        assert member.authority.name
    assert member.user == councillor


def test_it_finds_no_member_for_an_officer_or_a_visitor(monitoring_officer, db):
    assert member_for(monitoring_officer) is None
    assert member_for(AnonymousUser()) is None
    with pytest.raises(Http404):
        member_or_404(monitoring_officer)
