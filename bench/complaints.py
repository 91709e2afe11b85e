"""Benchmark data and pages for standards complaints.

Five thousand confirmed cases over three years across the bench district's
members, a fifth of them overdue, each with a handful of events and access
records; one case with two hundred events and documents; three hundred
published hearing decisions. Idempotent: keyed on fixed form tokens.
"""

import datetime
import random
import uuid

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from complaints.figures import steering_figures
from complaints.models import CaseAccess, CaseDocument, CaseEvent, Complaint, DecisionNotice
from complaints.stages import OPEN_STAGES, Stage
from portal import roles
from portal.demo import ensure_totp
from portal.models import Authority, Member, User

CASES = 5000
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
    if Complaint.objects.filter(reference__startswith="BENCH/").count() < CASES:
        _cases(officer)
    people["complaints_big_case"] = _big_case(officer)


def pages(people):
    officer = people["complaints_officer"]
    big = people["complaints_big_case"]
    return [
        ("complaints: case list", officer, "/complaints/cases/", 120),
        ("complaints: overdue cases", officer, "/complaints/cases/?overdue=on", 120),
        ("complaints: search by reference", officer, "/complaints/cases/?q=BENCH/2025/01", 150),
        ("complaints: case, 200 events", officer, f"/complaints/cases/{big.pk}/", 150),
        ("complaints: officer dashboard", officer, "/", 150),
        ("complaints: public register", None, "/complaints/decisions/", 60),
        ("complaints: public form", None, "/complaints/", 250),
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
    lines.append(f"  steering_figures over three years of {CASES} cases: {elapsed:.0f} ms")
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
def _cases(officer):
    rng = random.Random(6)
    district = Authority.objects.get(slug="bench-district")
    members = list(Member.objects.filter(authority=district).values_list("pk", flat=True)[:400])
    now = timezone.now()
    existing = set(
        Complaint.objects.filter(reference__startswith="BENCH/").values_list("reference", flat=True)
    )
    cases = []
    for n in range(CASES):
        received = now - datetime.timedelta(days=rng.randint(0, 3 * 365), hours=rng.randint(0, 23))
        reference = f"BENCH/{timezone.localdate(received).year}/{n:05d}"
        if reference in existing:
            continue
        stage = rng.choice(STAGES)
        open_case = stage in OPEN_STAGES
        clock = stage in (Stage.RECEIVED, Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT)
        overdue = clock and rng.random() < 0.2
        due = (
            (now.date() - datetime.timedelta(days=rng.randint(1, 30)))
            if overdue
            else now.date() + datetime.timedelta(days=10)
        )
        cases.append(
            Complaint(
                form_token=uuid.uuid5(NAMESPACE, reference),
                reference=reference,
                stage=stage,
                outcome=Stage.NO_FURTHER_ACTION if stage == Stage.CLOSED else "",
                source=rng.choice(["public", "public", "public", "member", "officer"]),
                complainant_name=f"Bench Complainant {n}",
                complainant_email=f"complainant{n}@example.net",
                subject_member_id=rng.choice(members),
                subject_authority=district,
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
        if stage == Stage.CLOSED and len(notices) < 300:
            notices.append(
                DecisionNotice(
                    complaint_id=pk,
                    decision=Stage.BREACH,
                    title=f"Hearing decision: breach ({pk})",
                    text="Bench notice.",
                    public_text="Bench notice.",
                    published_at=now - datetime.timedelta(days=len(notices)),
                    member_name="Cllr Bench Member",
                    authority_name=district.name,
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
