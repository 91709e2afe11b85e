"""The document page: text, sign-off record, versions, the difference between versions, sanitising."""

import datetime

from guidance.diff import diff_text
from guidance.models import Circulation, CommitteeNoting, Consultation, ImpactAssessment, SignOff


def test_it_shows_the_current_version_to_a_member(client_for, councillor, make_document):
    document = make_document("Social Media Guide", body="## Separate accounts\n\nKeep work and home apart.")

    response = client_for(councillor).get(document.get_absolute_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Social Media Guide</h1>" in text
    assert "<h2>Separate accounts</h2>" in text
    assert "Keep work and home apart." in text
    assert "Please read this guidance" in text
    assert 'action="/guidance/' + document.slug + '/acknowledge/"' in text


def test_it_shows_the_sign_off_record_of_the_version(client_for, councillor, make_document, make_committee):
    document = make_document(publish=False)
    standards = make_committee("Standards Committee")
    SignOff.objects.create(
        document=document,
        signed_off_by="Corporate Management Team",
        date_sent=datetime.date(2025, 9, 30),
        date_signed_off=datetime.date(2025, 10, 2),
    )
    CommitteeNoting.objects.create(
        document=document, committee=standards, meeting_date=datetime.date(2025, 10, 11), outcome="Noted"
    )
    Circulation.objects.create(
        document=document, recipient="Portfolio Holder", date_sent=datetime.date(2025, 9, 30)
    )
    Circulation.objects.create(document=document, recipient="Council", date_sent=None)
    Consultation.objects.create(
        document=document, consultee="Legal", notes="Consulted on libel and copyright."
    )
    ImpactAssessment.objects.create(
        document=document,
        kind=ImpactAssessment.Kind.EQUALITY,
        completed=True,
        summary="Neutral for all groups.",
    )
    from guidance import services

    services.document_publish(document=document, actor=None, change_note="First", material=True)

    text = client_for(councillor).get(document.get_absolute_url()).content.decode()

    assert "How version 1 was signed off" in text
    assert '<th scope="row">Corporate Management Team</th><td>30 Sep 2025</td><td>2 Oct 2025</td>' in text
    assert '<th scope="row">Standards Committee</th><td>11 Oct 2025</td><td>Noted</td>' in text
    assert '<th scope="row">Portfolio Holder</th><td>30 Sep 2025</td>' in text
    assert '<th scope="row">Council</th><td>Not applicable</td>' in text
    assert "Consulted on libel and copyright." in text
    assert "Equality impact analysis" in text
    assert "Neutral for all groups." in text


def test_it_says_when_no_sign_off_was_recorded(client_for, councillor, make_document):
    text = client_for(councillor).get(make_document().get_absolute_url()).content.decode()

    assert "No sign-off has been recorded for this version." in text


def test_it_keeps_old_versions_readable(client_for, councillor, make_document, publish_again):
    document = make_document(body="The old advice.")
    publish_again(document, body="The new advice.", note="Replaced the advice.")

    response = client_for(councillor).get(f"/guidance/{document.slug}/versions/1/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "The old advice." in text
    assert "The new advice." not in text
    assert "This is an older version." in text
    assert "Replaced the advice." in text  # the versions table
    # An old version is read, not acknowledged.
    assert "I have read this" not in text
    assert client_for(councillor).get(f"/guidance/{document.slug}/versions/9/").status_code == 404


def test_it_highlights_the_difference_between_two_versions(
    client_for, councillor, make_document, publish_again
):
    document = make_document(body="Keep separate accounts.\n\nNever share passwords.\n\nBe polite.")
    publish_again(document, body="Keep separate accounts.\n\nBe polite online.\n\nUse two-step sign-in.")

    response = client_for(councillor).get(f"/guidance/{document.slug}/changes/?old=1&new=2")

    text = response.content.decode()
    assert response.status_code == 200
    assert "What changed from version 1 to version 2" in text
    removed = '<del><span class="visually-hidden">[removed: </span>Never share passwords.'
    added = '<ins><span class="visually-hidden">[added: </span>Use two-step sign-in.'
    assert removed in text
    assert added in text
    # Within a changed line, only the changed words are marked.
    assert 'Be polite<ins><span class="visually-hidden">[added: </span> online<span' in text


def test_it_compares_versions_in_either_order(client_for, councillor, make_document, publish_again):
    document = make_document(body="One.")
    publish_again(document, body="Two.")

    text = client_for(councillor).get(f"/guidance/{document.slug}/changes/?old=2&new=1").content.decode()

    assert "What changed from version 1 to version 2" in text


def test_it_refuses_a_comparison_with_a_missing_version(client_for, councillor, make_document):
    document = make_document()

    assert client_for(councillor).get(f"/guidance/{document.slug}/changes/?old=1&new=5").status_code == 404


def test_the_diff_keeps_context_and_hides_long_unchanged_runs():
    old = "\n".join(f"line {n}" for n in range(1, 21))
    new = old.replace("line 10", "line ten")

    diff = diff_text(old, new)

    kinds = [line.kind for line in diff.lines]
    assert kinds == ["skipped", "same", "same", "changed", "same", "same", "skipped"]
    assert [line.skipped for line in diff.lines if line.kind == "skipped"] == [7, 8]
    assert (diff.added, diff.removed, diff.changed) == (0, 0, 1)


def test_it_never_lets_a_script_or_javascript_link_reach_the_page(client_for, councillor, make_document):
    body = (
        "Hello <script>alert('x')</script>\n\n"
        '[click me](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">this</a>\n\n'
        '<img src="x" onerror="alert(3)"> <iframe src="https://evil.example"></iframe>\n\n'
        "[a real link](https://www.local.gov.uk/)"
    )
    document = make_document(body=body)

    text = client_for(councillor).get(document.get_absolute_url()).content.decode()
    article = text.split('<article class="guidance-body"', 1)[1].split("</article>", 1)[0]

    assert "<script" not in article
    assert "alert" not in article
    assert "javascript:" not in article.lower()
    assert "onerror" not in article
    assert "<iframe" not in article
    assert '<a href="https://www.local.gov.uk/" rel="noopener noreferrer">a real link</a>' in article
    assert document.current_version.body_html.count("<a ") == 3  # the links stay, without their targets


def test_it_shows_the_document_details(client_for, councillor, make_document):
    document = make_document(owning_team="Legal Services", category="legal")

    text = client_for(councillor).get(document.get_absolute_url()).content.decode()

    assert "<dt>Owned by</dt><dd>Legal Services</dd>" in text
    assert "<dt>Category</dt><dd>Legal</dd>" in text
    assert "<dt>Written for</dt><dd>All members</dd>" in text
