"""The header offers only what the reader can open: every link in it opens, for every persona."""

import re

import pytest

from tests.conftest import PERSONAS


def header_links(html: str) -> list[str]:
    header = re.search(r'<header class="portal-header">(.*?)</header>', html, re.S).group(1)
    return sorted(set(re.findall(r'href="(/[^"#]*)"', header)))


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_header_link_opens_for_the_person_who_sees_it(db, client_for, persona):
    client = client_for(persona)
    links = header_links(client.get("/", follow=True).content.decode())
    assert links
    refused = {}
    for href in links:
        status = client.get(href, follow=True).status_code
        if status >= 400:
            refused[href] = status
    assert refused == {}


def test_a_superuser_without_a_casework_grant_sees_no_casework_links(client_for, superuser):
    links = header_links(client_for(superuser).get("/").content.decode())
    assert "/complaints/cases/" not in links
    assert "/ask/queue/" not in links


def test_a_superuser_granted_casework_sees_the_complaints_link(client_for, superuser):
    from django.contrib.auth.models import Group

    from portal import roles

    superuser.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    client = client_for(superuser)
    assert "/complaints/cases/" in header_links(client.get("/").content.decode())
    assert client.get("/complaints/cases/").status_code == 200
