"""The induction step "Register of interests": in every pack, done when the first return is submitted."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interests import services
from interests.induction import STEP_KEY
from portal.selectors import member_for
from training import extensions, record_cache
from training import services as training_services
from training.models import InductionAssignment, InductionItem, InductionPack
from training.selectors.induction import induction_progress_for_assignments, with_progress

pytestmark = pytest.mark.django_db


def make_pack(slug="new-members", *, due_days=28):
    pack = InductionPack.objects.create(
        name=slug.replace("-", " ").capitalize(),
        slug=slug,
        opens_on=datetime.date(2020, 1, 1),
        auto_assign=False,
    )
    InductionItem.objects.create(pack=pack, position=0, step=STEP_KEY, due_days=due_days)
    return pack


def assign(pack, member, start_date=None):
    return InductionAssignment.objects.create(
        pack=pack, member=member, start_date=start_date or member.term_start, how="individual"
    )


def progress(assignment, today=None):
    (pack_progress,) = induction_progress_for_assignments([assignment], today=today)
    (row,) = pack_progress.items
    (counted,) = with_progress(InductionAssignment.objects.filter(pk=assignment.pk), today).values_list(
        "items_done", "items_total", "items_overdue"
    )
    return row, counted


def test_interests_registers_the_step_for_every_pack():
    step = extensions.step(STEP_KEY)
    assert step is not None and step.in_every_pack and step.due_days == 28
    assert (STEP_KEY, "Register of interests: fill in and submit it") in extensions.step_choices()


def test_the_step_is_done_after_the_first_submission_and_not_while_a_draft(councillor, category):
    member = member_for(councillor)
    assignment = assign(make_pack(), member)
    row, counted = progress(assignment)
    assert (row.done, counted[:2]) == (False, (0, 1))
    assert row.title == "Register of interests"
    assert row.link == f"/interests/members/{member.pk}/"

    draft, _ = services.draft_start(member=member, actor=councillor)
    services.entry_add(
        member=member, actor=councillor, category=category("employment"), description="Solicitor"
    )
    row, counted = progress(assignment)
    assert (row.done, counted) == (False, (0, 1, 1))  # the term started in 2023: overdue, still a draft

    services.return_submit(member=member, actor=councillor, draft_id=draft.pk)
    row, counted = progress(assignment)
    assert (row.done, counted) == (True, (1, 1, 0))
    # Not done on a day before the submission (the reports' "as of" date).
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    row, counted = progress(assignment, today=yesterday)
    assert (row.done, counted[:2]) == (False, (0, 1))


def test_a_paper_return_typed_in_by_member_support_counts(parish, make_member, member_support, submit_return):
    paper_member = make_member(authority=parish, first_name="Len", last_name="Marsh")
    assignment = assign(make_pack(), paper_member)
    assert progress(assignment)[0].done is False
    submit_return(paper_member, actor=member_support)
    row, counted = progress(assignment)
    assert row.done and counted[0] == 1


def test_one_members_submission_does_not_tick_anothers_step(councillor, other_councillor, submit_return):
    pack = make_pack()
    mine, theirs = assign(pack, member_for(councillor)), assign(pack, member_for(other_councillor))
    submit_return(councillor)
    rows = induction_progress_for_assignments([mine, theirs])
    assert [r.items[0].done for r in rows] == [True, False]


def test_the_member_sees_the_step_on_their_training_record_and_dashboard(client_for, councillor):
    member = member_for(councillor)
    assign(make_pack(due_days=5000), member)
    record = client_for(councillor).get("/training/record/").content.decode()
    assert f'href="/interests/members/{member.pk}/">Register of interests</a>' in record
    assert "Fill in and submit it" in record
    dashboard = client_for(councillor).get("/").content.decode()
    assert "Register of interests</a>: fill in and submit it" in dashboard


def test_the_cohort_page_counts_the_step(
    client_for, member_support, councillor, other_councillor, submit_return
):
    pack = make_pack(due_days=5000)
    assign(pack, member_for(councillor))
    assign(pack, member_for(other_councillor))
    submit_return(councillor)
    page = client_for(member_support).get(f"/training/induction/{pack.slug}/").content.decode()
    assert "Register of interests: fill in and submit it, within 5000 days" in page
    assert page.count("1 of 1") == 1 and page.count("0 of 1") == 1


def test_a_behind_member_is_reminded_of_the_step(councillor, member_support, emails):
    member = member_for(councillor)
    assignment = assign(make_pack(due_days=10), member)
    with emails() as sent:
        assert training_services.induction_remind(assignments=[assignment], actor=member_support) == 1
    (message,) = sent
    assert "- Register of interests: fill in and submit it (due " in message.body


def _members(make_member, n):
    return [make_member(first_name=f"Cohort{i}", last_name=f"Member{i}") for i in range(n)]


def _count(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


@pytest.mark.parametrize("with_step", [True, False])
def test_the_cohort_page_and_member_lists_run_the_same_queries_for_1_and_50_members(
    client_for, member_support, make_member, monitoring_officer, with_step
):
    counts = {}
    for n in (1, 50):
        pack = make_pack(f"pack-{n}-{with_step}")
        if not with_step:
            pack.items.all().delete()
        members = _members(make_member, n)
        assignments = [assign(pack, member) for member in members]
        for member in members[::2]:  # half have submitted (on paper, typed in by Member Support)
            services.return_submit(
                member=member,
                actor=member_support,
                draft_id=services.draft_start(
                    member=member, actor=member_support, paper_received_on=timezone.localdate()
                )[0].pk,
            )
        client = client_for(member_support)
        client.get(f"/training/induction/{pack.slug}/")  # warm the session and caches
        page = _count(lambda pack=pack, client=client: client.get(f"/training/induction/{pack.slug}/"))
        lists = _count(lambda assignments=assignments: induction_progress_for_assignments(assignments))
        counts[n] = (page, lists)
        rows = induction_progress_for_assignments(assignments)
        if with_step:
            assert sum(r.done for r in rows) == (n + 1) // 2
    assert counts[1] == counts[50]


def test_the_step_costs_the_cohort_page_one_query_however_many_members(
    client_for, member_support, make_member
):
    """The step's completions are read once for everyone with the pack (one query)."""
    counts = {}
    for with_step, size in ((False, 3), (True, 3), (True, 12)):
        pack = make_pack(f"cost-{with_step}-{size}")
        if not with_step:
            pack.items.all().delete()
        for member in _members(make_member, size):
            assign(pack, member)
        client = client_for(member_support)
        client.get(f"/training/induction/{pack.slug}/")
        record_cache.changed()  # count the page worked out, not the figures training keeps
        counts[with_step, size] = _count(
            lambda pack=pack, client=client: client.get(f"/training/induction/{pack.slug}/")
        )
    assert counts[True, 3] == counts[True, 12] == counts[False, 3] + 1


def test_an_item_that_is_two_things_or_none_gets_a_plain_message(make_document_for_induction):
    pack = make_pack()
    message = "An induction item is one thing: a document, a course or a step. Choose only one."
    for fields in ({"document": make_document_for_induction, "step": STEP_KEY}, {}):
        item = InductionItem(pack=pack, position=3, due_days=10, **fields)
        with pytest.raises(ValidationError) as caught:
            item.full_clean()
        assert message in str(caught.value)
    unknown = InductionItem(pack=pack, position=4, due_days=10, step="no_such_step")
    with pytest.raises(ValidationError, match="not a valid choice"):
        unknown.full_clean()


@pytest.fixture
def make_document_for_induction(db):
    from guidance.models import Document

    return Document.objects.create(
        slug="code-summary",
        title="Code summary",
        summary="What it is for.",
        owning_team="Legal",
        draft_body="Text.",
    )


def test_a_new_pack_gets_the_step_once(member_support):
    pack = InductionPack.objects.create(
        name="Co-opted members", slug="co-opted", opens_on=datetime.date(2026, 1, 1), auto_assign=False
    )
    assert training_services.induction_pack_add_every_pack_steps(pack=pack) == 1
    assert training_services.induction_pack_add_every_pack_steps(pack=pack) == 0
    assert list(pack.items.values_list("step", "due_days")) == [(STEP_KEY, 28)]


def test_the_back_office_pack_form_offers_the_step_and_adds_it_to_a_new_pack(client_for, member_support):
    client = client_for(member_support)
    form = client.get("/back-office/training/inductionpack/add/").content.decode()
    assert f'<option value="{STEP_KEY}">Register of interests: fill in and submit it</option>' in form
    response = client.post(
        "/back-office/training/inductionpack/add/",
        {
            "name": "By-election members",
            "slug": "by-election",
            "description": "",
            "opens_on": "2026-06-01",
            "auto_assign": "on",
            "is_active": "on",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pack = InductionPack.objects.get(slug="by-election")
    assert list(pack.items.values_list("step", flat=True)) == [STEP_KEY]


def test_the_migration_adds_the_step_to_each_existing_pack_that_lacks_it():
    has_it = make_pack("has-it")
    lacks_it = InductionPack.objects.create(
        name="Old pack", slug="old", opens_on=datetime.date(2019, 1, 1), auto_assign=False
    )
    migration = importlib.import_module("interests.migrations.0004_induction_step_in_every_pack")
    migration.add_step(apps, None)
    assert has_it.items.filter(step=STEP_KEY).count() == 1
    assert list(lacks_it.items.values_list("step", "position", "due_days")) == [(STEP_KEY, 0, 28)]


def test_the_steering_figures_count_the_step_for_the_cohort(councillor, other_councillor, submit_return):
    from portal.scope import Scope
    from training import figures

    pack = make_pack(due_days=10)
    assign(pack, member_for(councillor))
    assign(pack, member_for(other_councillor))
    submit_return(councillor)
    today = timezone.localdate()
    scope = Scope(start=today - datetime.timedelta(days=364), end=today, cohort=pack)
    (step,) = figures.cohort_steps(scope)
    assert (str(step), step.members, step.done) == ("Register of interests", 2, 1)
    (by_pack,) = figures.progress_by_pack(scope)
    assert (by_pack["members"], by_pack["complete"], by_pack["behind"]) == (2, 1, 1)
    # Before the submission, nobody had done it.
    earlier = Scope(
        start=today - datetime.timedelta(days=364), end=today - datetime.timedelta(days=1), cohort=pack
    )
    assert next(iter(figures.cohort_steps(earlier))).done == 0


def test_training_never_imports_the_registers_app():
    """Training is below interests in the layers: the step comes in through training.extensions."""
    import ast
    import pathlib

    import training

    root = pathlib.Path(training.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.split(".")[0] == "interests" for name in names), path


def test_the_demo_packs_have_the_step_and_the_demo_registers_tick_it(settings, monkeypatch, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from interests.models import Register
    from portal.management.commands import seed_demo

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        seed_demo,
        "feature_demos",
        lambda: [importlib.import_module(f"{app}.demo") for app in ("guidance", "training", "interests")],
    )
    call_command("seed_demo", force=True, stdout=StringIO())
    packs = InductionPack.objects.all()
    assert packs.count() >= 2
    for pack in packs:
        assert pack.items.filter(step=STEP_KEY).count() == 1, pack
    rows = {
        progress.assignment.member.first_name: next(r.done for r in progress.items if r.item.step)
        for progress in induction_progress_for_assignments(
            InductionAssignment.objects.select_related("member", "pack")
        )
    }
    submitted = set(
        Register.objects.filter(first_submitted_at__isnull=False).values_list("member__first_name", flat=True)
    )
    assert rows["Aisha"] is False  # her register is still a draft
    assert {name for name, done in rows.items() if done} == submitted & set(rows)
