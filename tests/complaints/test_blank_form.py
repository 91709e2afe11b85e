"""The blank complaint form is kept rendered: exactly the template's text, with this visitor's tokens."""

import re
import uuid
from unittest import mock

import pytest
from django.test import Client

from complaints import blank_form
from complaints.forms import CODE_HINT_TEXT, NOLAN_HINT_TEXT, ComplaintForm

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
NONCE = re.compile(r'nonce="[^"]+"')


def context(form):
    return {"form": form, "code_hints": CODE_HINT_TEXT, "nolan_hints": NOLAN_HINT_TEXT, "signed_in": False}


def normalised(html: str) -> str:
    html = CSRF.sub('name="csrfmiddlewaretoken" value="CSRF"', html)
    html = FORM_TOKEN.sub('name="form_token" value="TOKEN"', html)
    return NONCE.sub('nonce="NONCE"', html)


def test_the_kept_fields_are_the_templates_for_each_visitors_tokens():
    blank_form._rendered.clear()
    for csrf in ("first" * 10, "second" * 10):  # the first renders and keeps, the second reuses
        form = ComplaintForm()
        kept = blank_form.blank_fields(
            csrf_token=csrf,
            form_token=form.initial["form_token"],
            context={"code_hints": CODE_HINT_TEXT, "nolan_hints": NOLAN_HINT_TEXT},
        )
        assert kept == blank_form.render_fields({**context(form), "csrf_token": csrf})
        assert f'value="{form.initial["form_token"]}"' in kept
        assert f'value="{csrf}"' in kept


def test_the_page_is_the_same_as_the_template_renders_it(client):
    kept = client.get("/complaints/").content.decode()
    with mock.patch.object(blank_form, "blank_fields", return_value=""):
        rendered = client.get("/complaints/").content.decode()
    assert "complaint-section" in kept
    assert normalised(kept) == normalised(rendered)


def test_each_visitor_gets_a_new_form_token_and_a_csrf_token_that_works(client):
    first, second = (FORM_TOKEN.search(client.get("/complaints/").content.decode()).group(1) for _ in "ab")
    assert uuid.UUID(first) != uuid.UUID(second)
    strict = client.__class__(enforce_csrf_checks=True)
    page = strict.get("/complaints/").content.decode()
    response = strict.post("/complaints/", {"csrfmiddlewaretoken": CSRF.search(page).group(1)})
    assert response.status_code == 400  # the form's own errors, not a CSRF failure (403)


def test_a_form_sent_back_with_errors_is_never_the_kept_one(client):
    client.get("/complaints/")
    response = client.post("/complaints/", {"complainant_name": "Pat <Typed>"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Pat &lt;Typed&gt;" in page
    assert "Pat" not in client.get("/complaints/").content.decode()


def test_someone_signed_in_gets_their_own_form_and_the_public_never_sees_it(client_for, councillor):
    client = Client()
    client.get("/complaints/")  # the public's copy is kept first
    own = client_for(councillor).get("/complaints/").content.decode()
    assert "You are signed in" in own
    assert councillor.email in own
    public = client.get("/complaints/").content.decode()
    assert councillor.email not in public
    assert "You are signed in" not in public
