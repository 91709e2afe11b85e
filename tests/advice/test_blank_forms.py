"""``blank_crispy``: a blank form's crispy HTML is kept per shape, and is always exactly what
``{{ form|crispy }}`` gives, its own one-time token included."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

from advice import access
from advice.forms import MemberReplyForm, NoteForm, OfficerReplyForm, TriageForm
from advice.models import State
from advice.templatetags.advice_forms import blank_crispy

FORMS = {
    "member reply": lambda: MemberReplyForm(),
    "note": lambda: NoteForm(),
    **{f"officer reply, {state}": (lambda s=state: OfficerReplyForm(state=s)) for state in State.values},
    "triage": lambda: TriageForm(officers=access.advice_officers()),
    "triage, set": lambda: TriageForm(
        officers=access.advice_officers(), initial={"priority": "urgent", "assigned_to": None}
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_it_gives_what_crispy_gives_each_time_with_the_forms_own_token(
    name, monitoring_officer, deputy_monitoring_officer
):
    for _ in range(3):  # the first renders, the others reuse
        form = FORMS[name]()
        assert str(blank_crispy(form)) == str(as_crispy_form(form))


def test_each_render_carries_its_own_token(db):
    first, second = NoteForm(), NoteForm()
    assert str(first.initial["token"]) in blank_crispy(first)
    assert str(second.initial["token"]) in blank_crispy(second)
    assert str(first.initial["token"]) not in blank_crispy(second)


def test_a_new_officer_and_a_new_assignment_show_at_once(make_user, monitoring_officer):
    before = blank_crispy(TriageForm(officers=access.advice_officers()))
    assert "Ruth Calder" in before
    newcomer = make_user("newcomer@example.org", role="Deputy Monitoring Officer", full_name="Nia New")
    after = blank_crispy(TriageForm(officers=access.advice_officers()))
    assert "Nia New" in after
    initial = {"priority": "normal", "assigned_to": newcomer.pk}
    assigned = blank_crispy(TriageForm(officers=access.advice_officers(), initial=initial))
    assert f'<option value="{newcomer.pk}" selected>' in assigned


def test_a_form_with_errors_is_rendered_afresh(db):
    blank_crispy(NoteForm())
    form = NoteForm(data={"body": "", "token": "not-a-uuid"})
    assert not form.is_valid()
    html = blank_crispy(form)
    assert html == as_crispy_form(form)
    assert "is-invalid" in html


def test_the_queue_filter_fields_are_what_crispy_gives(monitoring_officer, deputy_monitoring_officer):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    from advice.forms import QueueFilterForm
    from advice.templatetags.advice_forms import blank_crispy_field

    officers = list(access.advice_officers())
    for _ in range(2):
        form = QueueFilterForm(None, officers=officers)
        for name in ("state", "assigned", "overdue"):
            assert str(blank_crispy_field(form[name])) == str(as_crispy_field(form[name]))
    chosen = QueueFilterForm({"state": "new", "assigned": "me"}, officers=officers)
    assert 'value="new" selected' in blank_crispy_field(chosen["state"])
