"""Hostile and odd requests get a clear 4xx answer, never a 500, and change nothing."""

import pytest
from django.conf import settings

FORM_PAGES = ["/", "/complaints/", "/guidance/", "/training/", "/ask/new/", "/accounts/login/"]


@pytest.mark.parametrize(
    "path",
    ["/training/calendar/%00.ics", "/complaints/status/%00/", "/complaints/confirm/a%00b/", "/nope%00/"],
)
def test_it_refuses_a_nul_byte_in_the_address_with_400(client, path):
    assert client.get(path).status_code == 400


def test_it_refuses_a_nul_byte_in_the_query_string_with_400(client_for, councillor):
    assert client_for(councillor).get("/guidance/?q=planning%00").status_code == 400


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize("path", FORM_PAGES)
def test_it_answers_405_to_methods_a_website_does_not_use(client_for, councillor, method, path):
    client = client_for(councillor)
    response = client.generic(method.upper(), path)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_it_answers_400_to_more_parameters_than_the_limit(client_for, councillor):
    many = "&".join(f"p{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    client = client_for(councillor)
    assert client.get(f"/guidance/?{many}").status_code == 400
    assert (
        client.post("/guidance/", data=many, content_type="application/x-www-form-urlencoded").status_code
        == 400
    )


@pytest.mark.parametrize(
    "path", ["/", "/guidance/", "/training/record/", "/accounts/sessions/", "/accounts/2fa/"]
)
def test_it_keeps_signed_in_pages_out_of_every_cache(client_for, councillor, path):
    response = client_for(councillor).get(path)
    assert response.status_code == 200, path
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_it_leaves_public_pages_cacheable_by_the_visitors_browser(db, client):
    response = client.get("/complaints/decisions/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_unknown_address_gets_the_portals_own_404_page(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page not found" in text or "page" in text.lower()
    assert "URLconf" not in text and "urlpatterns" not in text
