"""Kept report tables: each figure changes on the request right after the write that changes it,
whoever makes the write and however, and readers who may see different things never share them."""

import datetime
import html
import importlib
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advice import services as advice_services
from guidance import services as guidance_services
from portal import roles
from portal.models import Member
from reports import cache as report_cache
from training import services as training_services

pytestmark = pytest.mark.django_db


def cells(page: str, label: str) -> list[str]:
    """The figures in the first table row headed ``label``."""
    match = re.search(
        r'<th scope="row" class="fw-normal">' + re.escape(html.escape(label)) + r"</th>(.*?)</tr>", page, re.S
    )
    assert match, f"no row {label!r}"
    return [html.unescape(text).strip() for text in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


class Reader:
    """One person's client, checking that a page was kept (fewer queries) before the write."""

    def __init__(self, client):
        self.client = client

    def page(self, path):
        response = self.client.get(path)
        assert response.status_code == 200
        return response.content.decode()

    def kept_page(self, path):
        """Open ``path`` twice; the second time must come from the kept tables."""
        with CaptureQueriesContext(connection) as first:
            self.page(path)
        with CaptureQueriesContext(connection) as second:
            page = self.page(path)
        assert len(second) < len(first), f"{path} was worked out again without a write"
        return page


@pytest.fixture
def support_reader(client_for, member_support):
    return Reader(client_for(member_support))


def test_an_acknowledgement_shows_at_once_on_the_guidance_section_summary_and_print(support_reader, council):
    guide, r3 = council.documents["guide"], council.members["R3"]
    before = {
        path: support_reader.kept_page(path)
        for path in ["/reports/guidance/", "/reports/", "/reports/print/"]
    }
    assert cells(before["/reports/guidance/"], "Social media guide")[3:5] == ["3", "8"]
    assert cells(before["/reports/"], "Guidance: acknowledged")[0] == "4"

    guidance_services.document_acknowledge(document=guide, member=r3, version_number=3)

    assert cells(support_reader.page("/reports/guidance/"), "Social media guide")[3:5] == ["4", "7"]
    assert cells(support_reader.page("/reports/"), "Guidance: acknowledged")[0] == "5"
    assert cells(support_reader.page("/reports/print/"), "Social media guide")[3:5] == ["4", "7"]


def test_a_completion_shows_at_once_on_the_training_committee_and_induction_sections(
    support_reader, council, member_support
):
    training_before = cells(support_reader.kept_page("/reports/training/"), "Code of Conduct")
    committees_before = cells(support_reader.kept_page("/reports/committees/"), "Planning Committee")
    induction_before = cells(support_reader.kept_page("/reports/induction/"), "New members 2026")

    for name in ["R2", "N1"]:
        training_services.completion_record(
            member=council.members[name],
            course=council.courses["planning" if name == "R2" else "conduct"],
            completed_on=timezone.localdate(),
            source="certificate",
            actor=member_support,
        )

    training_after = cells(support_reader.page("/reports/training/"), "Code of Conduct")
    assert int(training_after[-1]) == int(training_before[-1]) + 1  # completions
    committees_after = cells(support_reader.page("/reports/committees/"), "Planning Committee")
    assert int(committees_after[1]) == int(committees_before[1]) + 1  # eligible, in date
    induction_after = cells(support_reader.page("/reports/induction/"), "New members 2026")
    assert induction_after != induction_before


def test_a_new_question_shows_at_once_on_the_casework_section(support_reader, council):
    asker = council.members["R1"].user
    asker.groups.add(Group.objects.get(name=roles.COUNCILLOR))
    received = cells(support_reader.kept_page("/reports/casework/"), "Questions received")[0]
    advice_services.question_ask(
        asker=asker, topic="other", subject="A question", body="Text", token=uuid.uuid4()
    )
    assert cells(support_reader.page("/reports/casework/"), "Questions received")[0] == str(int(received) + 1)


def test_a_bulk_update_that_skips_every_service_still_shows_at_once(support_reader, council):
    before = cells(support_reader.kept_page("/reports/guidance/"), "Social media guide")
    assert before[2] == "11"  # members in its audience
    Member.objects.filter(pk=council.members["R3"].pk).update(
        status=Member.Status.LEFT, term_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert cells(support_reader.page("/reports/guidance/"), "Social media guide")[2] == "10"


def test_a_write_that_rolls_back_leaves_the_version_alone(council):
    version = report_cache.data_version("guidance")
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.filter(pk=council.members["R3"].pk).update(political_group="Blue")
        assert report_cache.data_version("guidance") > version  # the writer sees its own write
        raise RuntimeError("undo")
    assert report_cache.data_version("guidance") == version


def test_a_write_to_another_feature_keeps_a_section_and_signing_in_keeps_them_all(support_reader, council):
    casework = report_cache.data_version("casework")
    everything = report_cache.data_version("print")
    guidance_services.document_acknowledge(
        document=council.documents["guide"], member=council.members["R3"], version_number=3
    )
    assert report_cache.data_version("casework") == casework
    assert report_cache.data_version("print") > everything
    everything = report_cache.data_version("print")
    user = council.members["R1"].user
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert report_cache.data_version("print") == everything


def test_folding_the_write_rows_keeps_every_version(council):
    versions = {section: report_cache.data_version(section) for section in report_cache.SOURCES}
    call_command("prune_figure_writes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reports_figureswrite")
        assert cursor.fetchone()[0] == 0
    assert {section: report_cache.data_version(section) for section in report_cache.SOURCES} == versions
    Member.objects.filter(pk=council.members["R3"].pk).update(political_group="Blue")
    assert report_cache.data_version("guidance") == versions["guidance"] + 1


def test_the_steering_group_never_gets_tables_kept_for_member_support(
    client_for, member_support, mssg_member, council
):
    for section in ["guidance/", "committees/", "induction/", ""]:
        Reader(client_for(member_support)).kept_page(f"/reports/{section}")
        page = Reader(client_for(mssg_member)).page(f"/reports/{section}")
        for member in council.members.values():
            assert member.email not in page, section
        assert "to chase" not in page, section
    assert "fewer than 5" in Reader(client_for(mssg_member)).page("/reports/committees/")


def test_each_filter_gets_its_own_tables(support_reader, council):
    everyone = cells(support_reader.kept_page("/reports/guidance/"), "Social media guide")
    red = cells(support_reader.kept_page("/reports/guidance/?group=Red"), "Social media guide")
    assert (everyone[2], red[2]) == ("11", "6")


def test_every_report_section_names_the_tables_it_reads():
    from reports.views import SECTIONS

    assert set(SECTIONS) | {"print"} <= set(report_cache.SOURCES)


def test_every_table_the_figures_read_has_the_write_trigger():
    from django.apps import apps

    installed = [
        label
        for name in ("0002_figures_write_triggers", "0003_interests_write_triggers")
        for label in importlib.import_module(f"reports.migrations.{name}").WATCHED
    ]
    assert installed == report_cache.WATCHED
    watched = set(report_cache.WATCHED)
    assert all(set(labels) <= watched for labels in report_cache.SOURCES.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'reports_count_write'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert {apps.get_model(label)._meta.db_table for label in watched} <= triggered


def test_a_gift_or_a_register_moves_the_interests_sections_version_at_once(councillor):
    """The registers of interests section is kept too: a declared gift makes its kept tables old."""
    from decimal import Decimal

    from interests import services as interest_services

    before = report_cache.data_version("interests")
    interest_services.gift_declare(
        member=councillor.member,
        actor=councillor,
        giver="Fellbridge Chamber of Commerce",
        description="Dinner at the annual awards",
        value=Decimal("65.00"),
        received_on=timezone.localdate() - datetime.timedelta(days=3),
        accepted=True,
        token=uuid.uuid4(),
    )
    assert report_cache.data_version("interests") > before


def test_a_member_reading_their_question_keeps_the_casework_tables_and_an_answer_does_not(council):
    """Only writes to what the casework figures read count: a member opening their question
    (``member_seen_at``) left the printable report never served from the cache under load."""
    asker = council.members["R1"].user
    asker.groups.add(Group.objects.get(name=roles.COUNCILLOR))
    question, _ = advice_services.question_ask(
        asker=asker, topic="other", subject="A question", body="Text", token=uuid.uuid4()
    )
    casework, everything = report_cache.data_version("casework"), report_cache.data_version("print")
    advice_services.question_record_view(question=question, viewer=asker)
    assert report_cache.data_version("casework") == casework
    assert report_cache.data_version("print") == everything

    type(question).objects.filter(pk=question.pk).update(answered_at=timezone.now())  # a back-office write
    assert report_cache.data_version("casework") > casework
    assert report_cache.data_version("print") > everything


def test_the_dashboard_counts_every_write_to_a_question_even_those_the_reports_ignore(council):
    """The dashboard's cards show what the figures do not (a member's "new answer"): its count
    of the questions' writes ("+all", migration 0005) moves when a member reads an answer."""
    asker = council.members["R1"].user
    asker.groups.add(Group.objects.get(name=roles.COUNCILLOR))
    question, _ = advice_services.question_ask(
        asker=asker, topic="other", subject="A question", body="Text", token=uuid.uuid4()
    )
    casework = report_cache.data_version("casework")
    before = report_cache.write_counts(["advice.Question"])["advice.Question"]

    advice_services.question_record_view(question=question, viewer=asker)

    assert report_cache.write_counts(["advice.Question"])["advice.Question"] > before
    assert report_cache.data_version("casework") == casework


def test_the_question_trigger_watches_every_column_the_casework_figures_read():
    from advice.figures import steering_figures
    from advice.models import Question

    migration = importlib.import_module("reports.migrations.0004_question_trigger_columns")
    columns = {field.column for field in Question._meta.concrete_fields}
    with CaptureQueriesContext(connection) as queries:
        today = timezone.localdate()
        steering_figures(today - datetime.timedelta(days=365), today)
    sql = " ".join(query["sql"] for query in queries)
    read = {column for column in columns if f'"advice_question"."{column}"' in sql} - {"id"}
    assert read == set(migration.COLUMNS)


def test_a_fragment_another_process_is_rendering_is_waited_for_not_rendered_again(council, monkeypatch):
    from django.core.cache import cache

    from reports.filters import scope_from_request

    class Request:
        GET = {}

    _, scope = scope_from_request(Request())
    version = report_cache.data_version("guidance")
    key = report_cache.fragment_key("guidance", scope, names=True, query="", version=version)
    cache.add(key + ":rendering", True, 30)  # another worker is rendering it

    def other_worker_keeps_it(seconds):
        cache.set(key, "<p>rendered by the other worker</p>")
        cache.delete(key + ":rendering")

    monkeypatch.setattr(report_cache.time, "sleep", other_worker_keeps_it)
    html = report_cache.fragment(
        "guidance", scope, names=True, query="", render=lambda: pytest.fail("rendered")
    )
    assert html == "<p>rendered by the other worker</p>"


def test_a_fragment_is_rendered_when_its_renderer_gave_up(council, monkeypatch):
    from django.core.cache import cache

    from reports.filters import scope_from_request

    class Request:
        GET = {}

    _, scope = scope_from_request(Request())
    version = report_cache.data_version("guidance")
    key = report_cache.fragment_key("guidance", scope, names=True, query="", version=version)
    cache.add(key + ":rendering", True, 30)
    monkeypatch.setattr(report_cache.time, "sleep", lambda seconds: cache.delete(key + ":rendering"))
    assert (
        report_cache.fragment("guidance", scope, names=True, query="", render=lambda: "<p>mine</p>")
        == "<p>mine</p>"
    )
    assert cache.get(key) == "<p>mine</p>"
    assert cache.get(key + ":rendering") is None
