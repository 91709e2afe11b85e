"""Demo registers in every state, made through the services with emails off.

- Morgan Hale: version 1 published; version 2 waiting for review, asking to withhold the
  details of one entry and listing their partner's job; gifts accepted, declined and late;
  a dispensation granted by the Standards Committee.
- Dana Whitlock: published, with a sensitive interest the Monitoring Officer agreed to
  withhold; a dispensation request waiting for a decision.
- Sam Okafor: sent back by the Monitoring Officer with a message asking for a change.
- Aisha Rahman (elected a few weeks ago): a draft, not yet submitted.
- Olu Adeyemi (or whoever comes first of the members elected in May 2023 with a login): submitted
  their first return themselves and it was published, so the 2023 induction cohort shows the
  step "Register of interests" done for one member and not yet done for the others.
- Two Ashworth parish councillors without logins: one paper form typed in by Member Support
  and published; the other has sent nothing (overdue).

A member who already has a register is left alone, so running it again adds nothing.
"""

import datetime
import uuid
from decimal import Decimal

from interests import services
from interests.models import Category, Register
from portal.demo import emails_off
from portal.models import Member, User

from .content import ENTRIES, GIFTS

NAMESPACE = uuid.UUID("0c1b7a4e-3f55-4c1e-9d0e-5a2b8e6c9f21")
MO, SUPPORT = "mo@example.org", "support@example.org"
# The May 2023 election: the members given training's "New members 2023" induction pack.
ELECTION_DAY = datetime.date(2023, 5, 4)


def seed(command) -> list[str]:
    people = {u.email: u for u in User.objects.filter(email__in=[MO, SUPPORT])}
    if MO not in people or not Category.objects.exists():
        return []
    mo = people[MO]
    made = []
    with emails_off():
        for email, plan in PLANS.items():
            member = Member.objects.filter(user__email=email).first()
            if member is None or Register.objects.filter(member=member, returns__isnull=False).exists():
                continue
            plan(command, member, member.user, mo)
            made.append(member.display_name)
        cohort = (
            Member.objects.filter(term_start=ELECTION_DAY, user__isnull=False, status="active")
            .exclude(user__email__in=PLANS)
            .order_by("last_name", "first_name", "pk")
            .first()
        )
        if cohort is not None and not Register.objects.filter(member=cohort, returns__isnull=False).exists():
            _cohort(command, cohort, cohort.user, mo)
            made.append(cohort.display_name)
        paper = list(
            Member.objects.filter(authority__slug="ashworth", user__isnull=True, status="active").order_by(
                "pk"
            )[:1]
        )
        for member in paper:
            if (
                SUPPORT in people
                and not Register.objects.filter(member=member, returns__isnull=False).exists()
            ):
                _paper(command, member, people[SUPPORT], mo)
                made.append(member.display_name)
    published = Register.objects.filter(published_at__isnull=False).count()
    return [
        f"Registers of interests: {published} published, every state shown"
        + (f" ({len(made)} register{'' if len(made) == 1 else 's'} added now)" if made else "")
    ]


def _fill(member, actor, key, *, paper_received_on=None):
    draft, _ = services.draft_start(member=member, actor=actor, paper_received_on=paper_received_on)
    for slug, text, extra in ENTRIES[key]:
        services.entry_add(
            member=member, actor=actor, category=Category.objects.get(slug=slug), description=text, **extra
        )
    return draft


def _submit(member, actor, draft):
    version, _ = services.return_submit(member=member, actor=actor, draft_id=draft.pk)
    return version


def _gifts(command, member, actor, key):
    for n, (giver, what, value, days_ago, accepted) in enumerate(GIFTS[key]):
        services.gift_declare(
            member=member,
            actor=actor,
            giver=giver,
            description=what,
            value=Decimal(value),
            received_on=command.today - datetime.timedelta(days=days_ago),
            accepted=accepted,
            token=uuid.uuid5(NAMESPACE, f"{key}-gift-{n}"),
        )


def _morgan(command, member, user, mo):
    _submit(member, user, _fill(member, user, "morgan-1"))
    services.return_publish(version_id=member.interest_register.returns.get(number=1).pk, actor=mo)
    pending = _submit(member, user, _fill(member, user, "morgan-2"))
    assert pending.number == 2
    _gifts(command, member, user, "morgan")
    request, _ = services.dispensation_request(
        member=member,
        actor=user,
        matters="Setting the council tax and the budget for the coming year",
        reasons="I rent a flat from the council's housing company, as do several colleagues.",
        token=uuid.uuid5(NAMESPACE, "morgan-dispensation"),
    )
    services.dispensation_decide(
        dispensation_id=request.pk,
        actor=mo,
        grant=True,
        decided_by_body="standards_committee",
        grounds="quorum",
        note="Without dispensations too few members could vote on the budget.",
        starts_on=command.today - datetime.timedelta(days=30),
        ends_on=command.today + datetime.timedelta(days=365 * 2),
    )


def _dana(command, member, user, mo):
    version = _submit(member, user, _fill(member, user, "dana"))
    for entry in version.entries.filter(sensitive="asked"):
        services.entry_decide_sensitive(
            entry_id=entry.pk,
            actor=mo,
            agree=True,
            note="The police confirmed a risk of harassment at the address.",
        )
    services.return_publish(version_id=version.pk, actor=mo)
    _gifts(command, member, user, "dana")
    services.dispensation_request(
        member=member,
        actor=user,
        matters="The Castlegate regeneration scheme",
        reasons="My partner's firm has bid for part of the work.",
        token=uuid.uuid5(NAMESPACE, "dana-dispensation"),
    )


def _sam(command, member, user, mo):
    version = _submit(member, user, _fill(member, user, "sam"))
    services.return_request_changes(
        version_id=version.pk,
        actor=mo,
        message="Please give the name of the company you are a director of, not just its trade.",
    )


def _aisha(command, member, user, mo):
    _fill(member, user, "aisha")


def _cohort(command, member, user, mo):
    version = _submit(member, user, _fill(member, user, "cohort"))
    services.return_publish(version_id=version.pk, actor=mo)


def _paper(command, member, support, mo):
    received = command.today - datetime.timedelta(days=5)
    version = _submit(member, support, _fill(member, support, "paper", paper_received_on=received))
    services.return_publish(version_id=version.pk, actor=mo)


PLANS = {
    "cllr.ward@example.org": _morgan,
    "mssg@example.org": _dana,
    "coopted@example.org": _sam,
    "cllr.new@example.org": _aisha,
}
