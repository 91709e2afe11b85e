"""Build a back-office change form's POST data from the page the admin rendered."""


def _add(data, bound):
    if bound.field.show_hidden_initial:  # fields whose model default is callable
        data[bound.html_initial_name] = bound.initial
    value = bound.value()
    if value is None or value is False:
        return
    if isinstance(value, (list, tuple)):
        data[bound.html_name] = [str(v) for v in value]
    elif hasattr(value, "url") or hasattr(value, "name") and not isinstance(value, str):
        return  # a stored file: leave the field empty to keep it
    else:
        data[bound.html_name] = value


def change_form_data(response, **overrides) -> dict:
    """Every field as the page showed it, with every inline's management form."""
    data = {}
    for bound in response.context["adminform"].form:
        _add(data, bound)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.initial_forms:
            for bound in form:
                _add(data, bound)
    data.update(overrides)
    return data
