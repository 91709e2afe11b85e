"""Benchmark data and pages for the guidance library.

The scale's published documents (30,000 at the large scale) with one version
each, generated with bulk inserts, and their search vectors set by one UPDATE.
The bench councillor has acknowledged a third of them, and every other bench
member an even share of the scale's acknowledgements (600,000 at the large
scale), made by one INSERT ... SELECT. ``notes`` prints the search query's plan (the GIN
index should appear as a Bitmap Index Scan) and how long the search takes.
"""

import random
import statistics
import time

from django.db import connection, transaction
from django.utils import timezone

from bench.scale import step
from guidance import selectors
from guidance.models import Acknowledgement, Document, DocumentVersion
from guidance.services import refresh_search_vectors
from portal.models import Committee

PREFIX = "bench-guidance-"
SEARCH_WORD = "defamation"
# Realistic vocabulary; the search word turns up in about one document in fifty.
WORDS = (  # noqa: SIM905 - a paragraph of words reads better than a list
    "councillor council member ward resident planning application licensing committee meeting vote "
    "interest register gift hospitality social media post account online comment public statement "
    "confidential information officer report decision code conduct standards complaint principle "
    "openness honesty integrity leadership accountability objectivity selflessness copyright "
    "photograph data protection privacy casework harassment discrimination bias predetermination "
    "election campaign publicity resources training induction guidance review version change budget "
    "scrutiny cabinet audit"
).split()
CATEGORIES = [choice for choice, _ in Document.Category.choices]


def _paragraph(rng, words=60):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng, n, pool):
    paragraphs = [rng.choice(pool) for _ in range(3)]
    if n % 50 == 0:
        paragraphs[1] += f" A false statement that harms a reputation is {SEARCH_WORD}."
    return paragraphs


def build(people):
    scale = people["scale"]
    if not Document.objects.filter(slug__startswith=PREFIX).exists():
        with step(f"guidance: {scale.documents:,} documents") as progress:
            _documents(scale.documents, people, progress)
        with step(f"guidance: about {scale.acknowledgements:,} acknowledgements"):
            _acknowledgements(scale, people)
    people["guidance_document"] = (
        Document.objects.filter(slug__startswith=PREFIX, audience=Document.Audience.ALL_MEMBERS)
        .select_related("current_version")
        .order_by("pk")
        .first()
    )


def _documents(total, people, progress):
    rng = random.Random(total)
    # Bodies are three paragraphs drawn from a pool: as varied for the search,
    # and seconds quicker to make than 30,000 × 180 random words.
    pool = [_paragraph(rng) for _ in range(3000)]
    summaries = [_paragraph(rng, 20) for _ in range(1000)]
    now = timezone.now()
    committee = Committee.objects.order_by("pk").first()
    with transaction.atomic():
        for first in range(0, total, 2000):
            progress(first, total)
            numbers = range(first, min(first + 2000, total))
            documents = []
            for n in numbers:
                audience = Document.Audience.ALL_MEMBERS
                if committee and n % 40 == 0:
                    audience = Document.Audience.COMMITTEE
                elif n % 10 == 0:
                    audience = Document.Audience.COUNCILLORS
                documents.append(
                    Document(
                        slug=f"{PREFIX}{n:05}",
                        title=" ".join(rng.choice(WORDS) for _ in range(4)).capitalize() + f" ({n})",
                        summary=rng.choice(summaries),
                        category=CATEGORIES[n % len(CATEGORIES)],
                        owning_team="Member Support",
                        audience=audience,
                        committee=committee if audience == Document.Audience.COMMITTEE else None,
                        status=Document.Status.PUBLISHED,
                        review_interval_months=12,
                        next_review_on=(now + timezone.timedelta(days=n % 400 - 30)).date(),
                    )
                )
            Document.objects.bulk_create(documents)
            versions = []
            for document in documents:
                paragraphs = _body(rng, int(document.slug.removeprefix(PREFIX)), pool)
                versions.append(
                    DocumentVersion(
                        document=document,
                        number=1,
                        title=document.title,
                        summary=document.summary,
                        body="\n\n".join(paragraphs),
                        body_html="".join(f"<p>{p}</p>\n" for p in paragraphs),
                        body_text="\n".join(paragraphs),
                        change_note="First version.",
                        material=True,
                        published_at=now,
                    )
                )
            DocumentVersion.objects.bulk_create(versions)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE guidance_document AS d SET current_version_id = v.id
                FROM guidance_documentversion AS v
                WHERE v.document_id = d.id AND v.number = 1 AND d.current_version_id IS NULL
                """
            )
        refresh_search_vectors(Document.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        member = people["councillor"].member
        Acknowledgement.objects.bulk_create(
            [
                Acknowledgement(member=member, document_id=document_id, version_id=version_id)
                for document_id, version_id in Document.objects.filter(slug__startswith=PREFIX)
                .order_by("pk")
                .values_list("pk", "current_version_id")[::3]
            ],
            ignore_conflicts=True,
        )
        progress(total, total)


@transaction.atomic
def _acknowledgements(scale, people):
    """Each other bench member acknowledges every K-th document from a different
    starting point, K chosen so the total comes to about the scale's count."""
    councillor_member = people["councillor"].member
    others = max(scale.members - 1, 1)
    rest = max(scale.acknowledgements - scale.documents // 3, others)
    step_size = max(1, round(scale.documents * others / rest))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH m AS (
                SELECT member.id, row_number() OVER (ORDER BY member.id) AS n
                FROM portal_member AS member JOIN portal_authority AS a ON a.id = member.authority_id
                WHERE a.slug LIKE 'bench-%%' AND member.id <> %(councillor)s
            ), d AS (
                SELECT id, current_version_id, row_number() OVER (ORDER BY id) AS n
                FROM guidance_document WHERE slug LIKE %(prefix)s
            )
            INSERT INTO guidance_acknowledgement (acknowledged_at, member_id, document_id, version_id)
            SELECT now() - make_interval(days => ((m.n * 7 + d.n) %% 365)::int),
                   m.id, d.id, d.current_version_id
            FROM m JOIN d ON d.n %% %(step)s = m.n %% %(step)s
            ON CONFLICT DO NOTHING
            """,
            {"councillor": councillor_member.pk, "prefix": PREFIX + "%", "step": step_size},
        )
        cursor.execute(
            "ANALYZE guidance_document; ANALYZE guidance_documentversion; ANALYZE guidance_acknowledgement"
        )


def pages(people):
    councillor, support = people["councillor"], people["support"]
    document = people["guidance_document"]
    return [
        ("guidance library", councillor, "/guidance/", "member"),
        ("guidance search, two words", councillor, "/guidance/?q=planning+bias", "member"),
        ("guidance document", councillor, document.get_absolute_url(), "member"),
        (
            "guidance acknowledgement report",
            support,
            f"/guidance/{document.slug}/acknowledgements/",
            "officer",
        ),
    ]


def _search_queryset(people):
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    member = getattr(people["councillor"], "member", None)
    search = SearchQuery(SEARCH_WORD, config=selectors.SEARCH_CONFIG, search_type="websearch")
    return (
        selectors.documents_for_user(people["councillor"], member)
        .filter(search_vector=search)
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "title", "pk")[: selectors.PAGE_SIZE]
    )


def notes(people):
    total = Document.objects.filter(slug__startswith=PREFIX).count()
    queryset = _search_queryset(people)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        list(_search_queryset(people))
        timings.append((time.perf_counter() - started) * 1000)
    member = getattr(people["councillor"], "member", None)
    started = time.perf_counter()
    result = selectors.library(people["councillor"], member, query=SEARCH_WORD)
    list(result.page.object_list)
    page_ms = (time.perf_counter() - started) * 1000
    uses_gin = any("guidance_document_search" in line for line in plan)
    return [
        "",
        f"Guidance search over {total} generated documents for “{SEARCH_WORD}” "
        f"({result.page.paginator.count} matches):",
        f"  ranked first page, median of 20: {statistics.median(timings):.1f} ms; "
        f"with count and snippets (the page's reads): {page_ms:.1f} ms",
        f"  GIN index guidance_document_search used: {'yes' if uses_gin else 'NO'}",
        "  EXPLAIN (ANALYZE, BUFFERS):",
        *(f"    {line}" for line in plan),
    ]
