"""The Independent Person's list: which cases still wait for their view."""

from complaints import selectors, services
from complaints.stages import Stage
from tests.kit import text_of


def test_it_shows_which_cases_still_wait_for_the_independent_persons_view(
    client_for, make_complaint, subject_member, monitoring_officer, independent_person
):
    waiting = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    given = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    for complaint in (waiting, given):
        services.ip_assign(
            complaint=complaint, independent_person=independent_person, actor=monitoring_officer
        )
    services.ip_view_record(
        complaint=given, independent_person=independent_person, view="Proceed.", actor=independent_person
    )
    cases = list(selectors.cases_for_independent_person(independent_person))
    assert [(case.pk, case.waits_for_view) for case in cases] == [(waiting.pk, True), (given.pk, False)]
    text = text_of(client_for(independent_person).get("/complaints/consulted/").content)
    assert f"{waiting.reference} Cllr Morgan Hale Initial assessment" in text
    assert text.count("Waiting for your view") == 1
    assert "Given " in text
