"""Guidance library journeys in a real browser, with axe on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from guidance import services
from guidance.models import Document
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE_TEXT = """\
## Acting as a councillor

The Code of Conduct applies whenever a reasonable member of the public would think you were acting as a
councillor, and that includes what you post online.

## Legal risks

A false statement that harms someone's reputation is defamation, and you can be sued for it personally.
Using a photograph without permission can breach copyright.
"""


def publish(title, body, slug, **fields):
    document = Document.objects.create(
        title=title,
        slug=slug,
        summary=fields.pop("summary", f"What every member should know: {title.lower()}."),
        owning_team="Communications Team",
        draft_body=body,
        **fields,
    )
    services.document_publish(document=document, actor=None, change_note="First version.", material=True)
    document.refresh_from_db()
    return document


@pytest.fixture
def library(db):
    guide = publish(
        "Social Media Guide for Councillors", GUIDE_TEXT, "social-media-guide", category="social_media"
    )
    publish(
        "The Seven Principles of Public Life",
        "Selflessness, integrity, objectivity, accountability, openness, honesty and leadership.",
        "seven-principles",
        category="code_of_conduct",
    )
    return guide


def test_a_councillor_finds_reads_and_acknowledges_the_social_media_guide(
    page, live_server, councillor, library, sign_in_as, assert_accessible, screenshot
):
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/guidance/")
    to_read = page.get_by_role("region", name="Still to read")
    expect(to_read).to_contain_text("Social Media Guide for Councillors")
    expect(to_read).to_contain_text("You have 2 documents to read")
    assert_accessible(page)
    screenshot(page, "guidance-library")

    page.get_by_label("Search the guidance").fill("defamation")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("region", name=re.compile("found for"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 document found for “defamation”")
    expect(results.locator("mark")).to_have_text("defamation")
    expect(page.get_by_role("region", name="Answers from the Monitoring Officer")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "guidance-search")

    results.get_by_role("link", name="Social Media Guide for Councillors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Social Media Guide for Councillors")
    expect(page.get_by_role("article")).to_contain_text("you can be sued for it personally")
    expect(page.get_by_role("link", name="Ask the Monitoring Officer about this")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "guidance-document")

    page.get_by_role("button", name="I have read this").click()
    expect(page).to_have_url(f"{live_server.url}/guidance/")
    expect(page.get_by_role("status")).to_contain_text(
        "You have acknowledged “Social Media Guide for Councillors”"
    )
    to_read = page.get_by_role("region", name="Still to read")
    expect(to_read).not_to_contain_text("Social Media Guide for Councillors")
    expect(to_read).to_contain_text("The Seven Principles of Public Life")
    expect(to_read).to_contain_text("You have 1 document to read")
    assert_accessible(page)


def test_member_support_publishes_a_material_version_and_sees_the_councillor_must_read_again(
    page, live_server, councillor, member_support, library, sign_in_as, assert_accessible, screenshot
):
    services.document_acknowledge(document=library, member=councillor.member, version_number=1)
    sign_in_as(member_support)
    page.goto(f"{live_server.url}/guidance/{library.slug}/acknowledgements/?show=acknowledged")
    expect(page.get_by_role("table")).to_contain_text("Cllr Morgan Hale")

    page.goto(f"{live_server.url}/back-office/guidance/document/{library.pk}/change/")
    page.get_by_label("Text (Markdown)").fill(
        GUIDE_TEXT + "\n## The pre-election period\n\nDo not use council resources for campaigning.\n"
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".guidance-preview")).to_contain_text("Do not use council resources for campaigning.")
    screenshot(page, "guidance-admin-change")

    page.get_by_role("link", name="Publish a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish a new version")
    expect(page.locator(".guidance-admin-diff")).to_contain_text(
        "Do not use council resources for campaigning."
    )
    page.get_by_label("What changed").fill("Added a section on the pre-election period.")
    page.get_by_label(re.compile("This is a material change")).check()
    screenshot(page, "guidance-admin-publish")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Published version 2 of “Social Media Guide for Councillors”"
    )

    page.goto(f"{live_server.url}/guidance/{library.slug}/acknowledgements/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Cllr Morgan Hale")
    expect(table).to_contain_text("Read version 1: must read again")
    expect(page.get_by_role("link", name=re.compile(r"Not acknowledged \(1\)"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "guidance-acknowledgement-report")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_councillor_sees_what_changed_between_versions(
    page, live_server, councillor, library, sign_in_as, viewport, assert_accessible, screenshot
):
    library.draft_body = GUIDE_TEXT.replace(
        "can breach copyright.", "can breach copyright, even if you credit it."
    )
    library.save()
    services.document_publish(document=library, actor=None, change_note="Clarified copyright.", material=True)
    page.set_viewport_size(viewport)
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/guidance/{library.slug}/")
    assert_accessible(page)
    screenshot(page, f"guidance-document-v2-{viewport['width']}")

    page.get_by_role("button", name="Show the changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed from version 1 to version 2")
    expect(page.locator("ins").last).to_contain_text("even if you credit it")
    assert_accessible(page)
    screenshot(page, f"guidance-diff-{viewport['width']}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_officer_pages_are_accessible(
    page,
    live_server,
    member_support,
    councillor,
    library,
    sign_in_as,
    viewport,
    assert_accessible,
    screenshot,
):
    Document.objects.filter(pk=library.pk).update(next_review_on="2020-01-01")
    page.set_viewport_size(viewport)
    sign_in_as(member_support)
    for path, name in [
        ("/guidance/manage/acknowledgements/", "acknowledgements"),
        ("/guidance/manage/reviews/", "reviews"),
        (f"/guidance/{library.slug}/review/", "review"),
        ("/", "dashboard"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        screenshot(page, f"guidance-officer-{name}-{viewport['width']}")
    page.goto(f"{live_server.url}/guidance/{library.slug}/review/")
    page.get_by_label("What was checked").fill("Checked against the Code; still right.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Review recorded for “Social Media Guide for Councillors”"
    )
    expect(page.get_by_role("table")).to_have_count(0)


def test_the_sign_off_record_is_folded_and_its_impact_table_readable(
    page, live_server, councillor, library, sign_in_as, assert_accessible, screenshot
):
    from guidance.models import ImpactAssessment, SignOff

    version = library.current_version
    SignOff.objects.create(document=library, version=version, signed_off_by="Monitoring Officer")
    ImpactAssessment.objects.create(
        document=library,
        version=version,
        kind=ImpactAssessment.Kind.HEALTH_SUSTAINABILITY,
        completed=False,
        summary="Not needed: the guide changes no service and affects no one's health or the environment. "
        "It sums up existing duties under the Code of Conduct and the law.",
    )
    page.set_viewport_size(DESKTOP)
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/guidance/{library.slug}/")

    record = page.locator("details.sign-off-record")
    expect(record).not_to_have_attribute("open", "")
    expect(page.get_by_text("Not needed: the guide changes no service")).to_be_hidden()
    page.get_by_role("heading", name=re.compile("How version 1 was signed off")).click()
    finding = page.locator(".impact-table td").first
    expect(finding).to_be_visible()
    assert finding.bounding_box()["width"] > 300  # not squashed to a sliver
    assert_accessible(page)
    screenshot(page, "guidance-sign-off-open-desktop")


def test_the_version_comparison_shows_rendered_text(
    page, live_server, councillor, library, sign_in_as, screenshot
):
    library.draft_body = GUIDE_TEXT.replace("## Legal risks", "## Legal risks online")
    library.save()
    services.document_publish(document=library, actor=None, change_note="Retitled.", material=True)
    page.set_viewport_size(DESKTOP)
    sign_in_as(councillor)
    page.goto(f"{live_server.url}/guidance/{library.slug}/changes/?old=1&new=2")

    expect(page.locator("ol.diff")).not_to_contain_text("##")
    expect(page.locator(".diff-block-h2").last).to_contain_text("Legal risks")
    screenshot(page, "guidance-diff-rendered-desktop")
