"""The public register's kept pages (interests.page_cache): shared by every visitor, replaced by
the first write that changes what they show, and not needed for the pages to work."""

from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interests import page_cache, services
from interests.models import Category, Register
from portal.selectors import member_for
from tests.kit import text_of

OLD = "Trustee of the Castle Trust"
NEW = "Chair of the Mill Lane Residents"
DRAFT = "Director of Fenwick Quarry Ltd"


def _pages(member):
    return [
        f"/registers-of-interests/fellbridge/{member.pk}/",
        "/registers-of-interests/fellbridge/",
        "/registers-of-interests/",
    ]


def test_it_serves_a_kept_page_without_working_it_out_again(client, councillor, submit_return):
    submit_return(councillor, entries=[("charities", OLD, {})], publish=True)
    member = member_for(councillor)
    for path in _pages(member):
        first = client.get(path).content
        with CaptureQueriesContext(connection) as queries:
            again = client.get(path).content
        assert again == first
        # The test settings keep the cache in the database: one read of the stamp and the page.
        assert len(queries) == 1, path


def test_it_shows_a_publication_right_after_it(client, councillor, submit_return, monitoring_officer):
    submit_return(councillor, entries=[("charities", OLD, {})], publish=True)
    member = member_for(councillor)
    before = {path: text_of(client.get(path)) for path in _pages(member)}
    assert OLD in before[_pages(member)[0]]
    version = submit_return(councillor, entries=[("charities", NEW, {})])
    assert NEW not in text_of(client.get(_pages(member)[0]))  # waiting for review: not public

    services.return_publish(version_id=version.pk, actor=monitoring_officer)

    page = text_of(client.get(_pages(member)[0]))
    assert NEW in page


def test_it_shows_a_first_publication_on_the_council_and_index_pages_right_after_it(
    client, councillor, submit_return, monitoring_officer
):
    member = member_for(councillor)
    council = text_of(client.get("/registers-of-interests/fellbridge/"))
    index = client.get("/registers-of-interests/").content
    assert "Not yet published" in council
    version = submit_return(councillor, entries=[("charities", OLD, {})])

    services.return_publish(version_id=version.pk, actor=monitoring_officer)

    assert "Not yet published" not in text_of(client.get("/registers-of-interests/fellbridge/"))
    assert client.get("/registers-of-interests/").content != index
    assert OLD in text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))


def test_it_shows_a_withdrawal_in_the_back_office_right_after_it(client, councillor, submit_return):
    submit_return(councillor, entries=[("charities", OLD, {})], publish=True)
    member = member_for(councillor)
    assert OLD in text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
    register = Register.objects.get(member=member)
    register.published_return = None
    register.published_at = None
    register.save()  # a plain ORM write, as the admin makes

    page = text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
    assert OLD not in page
    assert "No register has been published yet" in page
    assert "Not yet published" in text_of(client.get("/registers-of-interests/fellbridge/"))


def test_it_starts_again_when_the_write_commits(
    client, councillor, submit_return, django_capture_on_commit_callbacks
):
    """A reader who kept the page between the write and its commit cannot keep it past the commit."""
    submit_return(councillor, entries=[("charities", OLD, {})], publish=True)
    member = member_for(councillor)
    path = f"/registers-of-interests/fellbridge/{member.pk}/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.changed()
    client.get(path)
    kept = cache.get(page_cache.STAMP)
    for callback in callbacks:
        callback()
    assert cache.get(page_cache.STAMP) != kept


def test_a_signed_in_member_and_a_visitor_see_the_same_published_page(client_for, councillor, submit_return):
    """The kept page never holds what only the member may see (their draft), whoever opened it first."""
    submit_return(councillor, entries=[("charities", OLD, {})], publish=True)
    member = member_for(councillor)
    services.draft_start(member=member, actor=councillor)
    services.entry_add(
        member=member, actor=councillor, category=Category.objects.get(slug="charities"), description=DRAFT
    )
    path = f"/registers-of-interests/fellbridge/{member.pk}/"
    own = text_of(client_for(councillor).get(path))
    visitor = text_of(client_for(None).get(path))
    assert OLD in own and OLD in visitor
    assert DRAFT not in own and DRAFT not in visitor


def test_the_pages_work_without_the_cache(client, councillor, submit_return):
    submit_return(councillor, entries=[("charities", OLD, {})], publish=True)
    member = member_for(councillor)
    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError("cache down")),
        mock.patch.object(cache, "set", side_effect=ConnectionError("cache down")),
    ):
        for path in _pages(member):
            assert client.get(path).status_code == 200
        assert OLD in text_of(client.get(f"/registers-of-interests/fellbridge/{member.pk}/"))
        page_cache.changed()  # a write while the cache is down still goes through


def test_unknown_pages_are_404_and_not_kept(client, councillor, parish):
    member = member_for(councillor)
    assert client.get(f"/registers-of-interests/{parish.slug}/{member.pk}/").status_code == 404
    assert client.get("/registers-of-interests/nowhere/").status_code == 404
    for junk in ("abc", "\u00b2", "\u0663", "9" * 5000, "0", "-1"):
        assert client.get("/registers-of-interests/fellbridge/", {"page": junk}).status_code == 200, junk


# --- The Monitoring Officer's lists ------------------------------------------------


def test_it_lists_a_return_for_review_right_after_it_is_submitted_and_drops_it_on_publishing(
    client_for, councillor, monitoring_officer, submit_return
):
    office = client_for(monitoring_officer)
    assert "Nothing is waiting." in text_of(office.get("/interests/office/"))
    version = submit_return(councillor, entries=[("charities", OLD, {})])

    assert "Cllr Morgan Hale" in text_of(office.get("/interests/office/"))

    services.return_publish(version_id=version.pk, actor=monitoring_officer)
    assert "Nothing is waiting." in text_of(office.get("/interests/office/"))


def test_the_officers_lists_are_never_shown_to_member_support(
    client_for, councillor, monitoring_officer, member_support, deputy_monitoring_officer, submit_return
):
    submit_return(councillor, entries=[("charities", OLD, {})])
    assert "Waiting for review (1)" in text_of(client_for(monitoring_officer).get("/interests/office/"))
    assert "Waiting for review (1)" in text_of(
        client_for(deputy_monitoring_officer).get("/interests/office/")
    )
    support = text_of(client_for(member_support).get("/interests/office/"))
    assert "Waiting for review" not in support
    assert "Members without a login" in support


# --- A member's register: versions, gifts and dispensations ------------------------


def test_a_gift_shows_on_the_members_register_right_after_it_is_declared(
    client_for, councillor, declare_gift
):
    member = member_for(councillor)
    page = client_for(councillor)
    assert "None registered." in text_of(page.get(f"/interests/members/{member.pk}/"))

    declare_gift(member, description="Theatre tickets for two")

    assert "Theatre tickets for two" in text_of(page.get(f"/interests/members/{member.pk}/"))


def test_a_version_shows_on_the_members_register_right_after_it_is_submitted(
    client_for, councillor, submit_return
):
    member = member_for(councillor)
    page = client_for(councillor)
    assert "None yet." in text_of(page.get(f"/interests/members/{member.pk}/"))
    submit_return(councillor, entries=[("charities", OLD, {})])
    assert "Version 1" in text_of(page.get(f"/interests/members/{member.pk}/"))


def test_the_member_and_the_monitoring_officer_never_share_the_lists(
    client_for, councillor, monitoring_officer, declare_gift
):
    """The officer may read the register but not add to it: they never get the member's buttons."""
    member = member_for(councillor)
    declare_gift(member)
    path = f"/interests/members/{member.pk}/"
    assert "Register a gift or hospitality" in text_of(client_for(councillor).get(path))
    officer = text_of(client_for(monitoring_officer).get(path))
    assert "Dinner at the annual awards" in officer
    assert "Register a gift or hospitality" not in officer
    assert "Register a gift or hospitality" in text_of(client_for(councillor).get(path))


# --- Check and submit: the draft compared with the latest version -------------------


def test_the_check_page_shows_an_entry_right_after_it_is_added_or_removed(client_for, councillor, category):
    member = member_for(councillor)
    services.draft_start(member=member, actor=councillor)
    page = client_for(councillor)
    path = f"/interests/members/{member.pk}/submit/"
    assert DRAFT not in text_of(page.get(path))

    entry = services.entry_add(
        member=member, actor=councillor, category=category("charities"), description=DRAFT
    )
    assert DRAFT in text_of(page.get(path))

    services.entry_remove(member=member, actor=councillor, entry_id=entry.pk)
    assert DRAFT not in text_of(page.get(path))


def test_the_blank_forms_are_the_forms_the_template_renders(client_for, councillor):
    """The form kept rendered once per process is what ``{{ form|crispy }}`` makes of a new form."""
    from django.template import engines

    from interests.forms import EntryForm, blank_html

    template = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    assert blank_html(EntryForm) == template.render({"form": EntryForm()})
    member = member_for(councillor)
    services.draft_start(member=member, actor=councillor)
    page = client_for(councillor).get(f"/interests/members/{member.pk}/edit/charities/").content.decode()
    assert str(blank_html(EntryForm)) in page
