"""The subject member's complaint page: its status line follows the case."""

from complaints import services
from complaints.stages import Stage
from tests.complaints.conftest import advance
from tests.kit import text_of


def _notified(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="A post about a resident."
    )
    return complaint, notice


def test_it_says_nothing_is_decided_while_that_is_true(
    client_for, councillor, make_complaint, subject_member, monitoring_officer
):
    _, notice = _notified(make_complaint, subject_member, monitoring_officer)

    page = text_of(client_for(councillor).get(f"/complaints/my-notices/{notice.pk}/"))

    assert "Where it stands: Acknowledged. Nothing has been decided yet." in page


def test_it_does_not_say_nothing_is_decided_above_a_decision(
    client_for, councillor, make_complaint, subject_member, monitoring_officer
):
    complaint, notice = _notified(make_complaint, subject_member, monitoring_officer)
    advance(complaint, Stage.INFORMAL_RESOLUTION, actor=monitoring_officer)

    page = text_of(client_for(councillor).get(f"/complaints/my-notices/{notice.pk}/"))

    assert "Nothing has been decided yet" not in page
    assert "Where it stands: Informal resolution. A decision has been made" in page
