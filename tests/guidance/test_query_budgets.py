"""Each page runs the same number of queries with 1 row as with 50."""

import pytest
from django.core.cache import cache

from guidance import services
from guidance.models import ChecklistItem, Circulation, SignOff

# Measured once; a change here means a page started querying per row (or got cheaper).
# The library, a search and a document page as a reader saw them last are kept in the shared
# cache (guidance.to_read_cache): once cached, the session, the user, their permissions, their
# member record and one read of the cache. The first time adds the page's own queries and the
# shared cache's bookkeeping (the database cache in tests: a few queries a key).
CACHED_PAGE_QUERIES = 6
LIBRARY_QUERIES = CACHED_PAGE_QUERIES
LIBRARY_FIRST_QUERIES = 21
# The other apps' search sections (the FAQ answers) are kept in the shared cache too, under keys
# of their own: one more read of the cache (a query with the tests' database cache; none with
# Redis). The first time, the FAQ section's own query and its two keys' bookkeeping come on top.
SEARCH_QUERIES = CACHED_PAGE_QUERIES + 1
SEARCH_FIRST_QUERIES = 32
DOCUMENT_QUERIES = CACHED_PAGE_QUERIES
# Includes the title index's version (an index lookup), to link mentions of other documents; then,
# only if the text mentions some, those of them the reader may open (before: every title in the
# library each time, seconds at 30,000 documents).
DOCUMENT_FIRST_QUERIES = 25
# The page's count comes from the report's totals (one count query, not two).
REPORT_QUERIES = 9
INDEX_QUERIES = 7


@pytest.fixture(autouse=True)
def empty_cache(db):
    """Start from an empty shared cache: the database cache in tests keeps rows that other tests
    committed, and culling them costs queries that are not the page's."""
    cache.clear()


def warm(client):
    """One request first, so the session bookkeeping of a first visit is not counted."""
    client.get("/guidance/")
    return client


@pytest.fixture
def documents(make_document, councillor):
    def make(count):
        made = [make_document(f"Defamation note {n}", body=f"Defamation point {n}.") for n in range(count)]
        for document in made[::2]:
            services.document_acknowledge(document=document, member=councillor.member, version_number=1)
        return made

    return make


@pytest.mark.parametrize("count", [1, 50])
def test_the_library_page(
    client_for, councillor, documents, count, django_assert_num_queries, django_assert_max_num_queries
):
    documents(count)
    client = warm(client_for(councillor))
    with django_assert_max_num_queries(LIBRARY_FIRST_QUERIES):
        client.get("/guidance/", {"category": "general"})

    with django_assert_num_queries(LIBRARY_QUERIES):
        response = client.get("/guidance/")
    assert len(response.context["page"].object_list) == min(count, 20)


@pytest.mark.parametrize("count", [1, 50])
def test_the_search_page(
    client_for, councillor, documents, count, django_assert_num_queries, django_assert_max_num_queries
):
    documents(count)
    client = warm(client_for(councillor))
    search = {"q": "defamation", "category": "general"}

    # The first time: counting and ranking the matches, and the shared cache's bookkeeping (the
    # database cache in tests: a few queries a key).
    with django_assert_max_num_queries(SEARCH_FIRST_QUERIES):
        assert client.get("/guidance/", search).context["page"].paginator.count == count
    # Then the ranked page comes from the shared cache until the library or the reader changes.
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get("/guidance/", search)
    assert response.context["page"].paginator.count == count
    assert len(response.context["page"].object_list) == min(count, 20)


@pytest.mark.parametrize("count", [1, 50])
def test_the_document_page(
    client_for,
    councillor,
    make_document,
    publish_again,
    count,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    document = make_document(body="Version 1")
    for n in range(2, count + 1):
        publish_again(document, body=f"Version {n}", material=n % 2 == 0)
    for n in range(count):
        SignOff.objects.create(
            document=document, version=document.current_version, signed_off_by=f"Officer {n}"
        )
        Circulation.objects.create(
            document=document, version=document.current_version, recipient=f"Group {n}"
        )
        ChecklistItem.objects.create(document=document, position=n, text=f"Item {n}")
    client = warm(client_for(councillor))
    with django_assert_max_num_queries(DOCUMENT_FIRST_QUERIES):
        client.get(document.get_absolute_url())

    with django_assert_num_queries(DOCUMENT_QUERIES):
        response = client.get(document.get_absolute_url())
    assert len(response.context["versions"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_acknowledgement_report(
    client_for, member_support, make_document, make_member, count, django_assert_num_queries
):
    document = make_document()
    for n in range(count):
        member = make_member()
        if n % 2:
            services.document_acknowledge(document=document, member=member, version_number=1)
    client = warm(client_for(member_support))

    with django_assert_num_queries(REPORT_QUERIES):
        response = client.get(f"/guidance/{document.slug}/acknowledgements/", {"show": "all"})
    assert response.context["report"].audience_count == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_acknowledgements_index(client_for, member_support, documents, count, django_assert_num_queries):
    documents(count)
    client = warm(client_for(member_support))

    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/guidance/manage/acknowledgements/")
    assert len(response.context["page"].object_list) == min(count, 20)
