"""Benchmark data and pages for standards complaints.

The scale's confirmed cases (5,000 at the large scale) over three years across
the bench members, a fifth of those on a clock overdue, each with its events and
an access record; one case with two hundred events and documents; the scale's
published hearing decisions. Made once: keyed on fixed form tokens.
"""

import datetime
import random
import uuid

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from bench.data import bench_members
from bench.scale import step
from complaints.figures import steering_figures
from complaints.models import CaseAccess, CaseDocument, CaseEvent, Complaint, DecisionNotice
from complaints.stages import OPEN_STAGES, Stage
from portal import roles
from portal.demo import ensure_totp
from portal.models import User

NAMESPACE = uuid.UUID("0b3c6f0e-2b8e-4a57-8d21-7c5e4a9f1b22")
STAGES = [
    Stage.RECEIVED,
    Stage.ACKNOWLEDGED,
    Stage.INITIAL_ASSESSMENT,
    Stage.INVESTIGATION,
    Stage.REPORT,
    Stage.HEARING,
    Stage.NO_FURTHER_ACTION,
    Stage.INFORMAL_RESOLUTION,
    Stage.CLOSED,
    Stage.CLOSED,
    Stage.CLOSED,
    Stage.WITHDRAWN,
]


def build(people):
    officer = _officer()
    people["complaints_officer"] = officer
    scale = people["scale"]
    if not Complaint.objects.filter(reference__startswith="BENCH/").exists():
        with step(f"complaints: {scale.complaints:,} cases with their events"):
            _cases(officer, scale)
    people["complaints_big_case"] = _big_case(officer)


def pages(people):
    officer = people["complaints_officer"]
    big = people["complaints_big_case"]
    return [
        ("case list", officer, "/complaints/cases/", "officer"),
        ("case with 200 events", officer, f"/complaints/cases/{big.pk}/", "officer"),
        ("officer dashboard", officer, "/", "officer"),
        ("public complaint form", None, "/complaints/", "public"),
        ("public register of decisions", None, "/complaints/decisions/", "public"),
    ]


def notes(people):
    today = timezone.localdate()
    lines = ["", "Standards complaints: query plans"]
    with connection.cursor() as cursor:
        for label, sql, params in [
            (
                "overdue list (dashboard)",
                "EXPLAIN ANALYZE SELECT id FROM complaints_complaint WHERE NOT stage = 'unconfirmed' "
                "AND due_on < %s AND paused_since IS NULL ORDER BY due_on, id LIMIT 8",
                [today],
            ),
            (
                "case list, newest first",
                "EXPLAIN ANALYZE SELECT id FROM complaints_complaint WHERE NOT stage = 'unconfirmed' "
                "ORDER BY received_at DESC, id DESC LIMIT 25",
                [],
            ),
        ]:
            cursor.execute(sql, params)
            lines.append(f"  {label}:")
            lines.extend(f"    {row[0]}" for row in cursor.fetchall())
    started = timezone.now()
    steering_figures(today - datetime.timedelta(days=3 * 365), today)
    elapsed = (timezone.now() - started).total_seconds() * 1000
    cases = Complaint.objects.filter(reference__startswith="BENCH/").count()
    lines.append(f"  steering_figures over three years of {cases} cases: {elapsed:.0f} ms")
    return lines


def _officer():
    user, created = User.objects.get_or_create(
        email="bench.mo@example.org", defaults={"full_name": "Bench Monitoring Officer"}
    )
    if created:
        user.set_password("bench-password-123")
        user.save()
        user.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    ensure_totp(user)
    return User.objects.get(pk=user.pk)


@transaction.atomic
def _cases(officer, scale):
    rng = random.Random(6)
    members = list(bench_members().values_list("pk", "authority_id"))
    now = timezone.now()
    existing = set(
        Complaint.objects.filter(reference__startswith="BENCH/").values_list("reference", flat=True)
    )
    cases = []
    for n in range(scale.complaints):
        received = now - datetime.timedelta(days=rng.randint(0, 3 * 365), hours=rng.randint(0, 23))
        reference = f"BENCH/{timezone.localdate(received).year}/{n:05d}"
        if reference in existing:
            continue
        stage = Stage.INVESTIGATION if n == 0 else rng.choice(STAGES)  # n = 0: the 200-event case
        open_case = stage in OPEN_STAGES
        clock = stage in (Stage.RECEIVED, Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT)
        overdue = clock and rng.random() < 0.2
        due = (
            (now.date() - datetime.timedelta(days=rng.randint(1, 30)))
            if overdue
            else now.date() + datetime.timedelta(days=10)
        )
        member_id, authority_id = rng.choice(members)
        cases.append(
            Complaint(
                form_token=uuid.uuid5(NAMESPACE, reference),
                reference=reference,
                stage=stage,
                outcome=Stage.NO_FURTHER_ACTION if stage == Stage.CLOSED else "",
                source=rng.choice(["public", "public", "public", "member", "officer"]),
                complainant_name=f"Bench Complainant {n}",
                complainant_email=f"complainant{n}@example.net",
                subject_member_id=member_id,
                subject_authority_id=authority_id,
                what_happened="A bench complaint about conduct at a meeting.",
                incident_place="Council chamber",
                outcome_sought="An apology.",
                submitted_at=received,
                received_at=received,
                acknowledged_at=received + datetime.timedelta(days=3) if stage != Stage.RECEIVED else None,
                acknowledgement_due_on=received.date() + datetime.timedelta(days=7),
                clock="acknowledgement"
                if stage == Stage.RECEIVED
                else ("initial_assessment" if clock else ""),
                due_on=due if clock else None,
                closed_at=received + datetime.timedelta(days=60) if not open_case else None,
            )
        )
    Complaint.objects.bulk_create(cases, batch_size=1000)
    made = list(
        Complaint.objects.filter(reference__in=[c.reference for c in cases]).values_list("pk", "stage")
    )
    events, access, notices = [], [], []
    for pk, stage in made:
        events += [
            CaseEvent(
                complaint_id=pk, actor=officer, from_status=Stage.UNCONFIRMED, to_status=Stage.RECEIVED
            ),
            CaseEvent(complaint_id=pk, actor=officer, from_status=Stage.RECEIVED, to_status=stage),
        ]
        access.append(CaseAccess(complaint_id=pk, user=officer, action=CaseAccess.Action.VIEWED_CASE))
        if stage == Stage.CLOSED and len(notices) < scale.notices:
            notices.append(
                DecisionNotice(
                    complaint_id=pk,
                    decision=Stage.BREACH,
                    title=f"Hearing decision: breach ({pk})",
                    text="Bench notice.",
                    public_text="Bench notice.",
                    published_at=now - datetime.timedelta(days=len(notices)),
                    member_name="Cllr Bench Member",
                    authority_name="Bench District Council",
                )
            )
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    CaseAccess.objects.bulk_create(access, batch_size=2000)
    DecisionNotice.objects.bulk_create(notices)


def _big_case(officer):
    case = (
        Complaint.objects.filter(reference__startswith="BENCH/", stage=Stage.INVESTIGATION)
        .order_by("pk")
        .first()
    )
    if case.events.count() < 200:
        CaseEvent.objects.bulk_create(
            CaseEvent(
                complaint=case, actor=officer, kind=CaseEvent.Kind.DOCUMENT, note=f"Witness statement {n}"
            )
            for n in range(200)
        )
        CaseDocument.objects.bulk_create(
            CaseDocument(
                complaint=case, file=f"complaints/bench/{n}.pdf", original_name=f"statement-{n}.pdf", size=1
            )
            for n in range(200)
        )
    return case
