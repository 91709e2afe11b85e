"""Demo complaints: every stage, district and parish, told in the Code of Conduct's own terms.

Each case is made through the real services (so it has the events, notices
and decision notices a real case would), with emails switched off, then its
timestamps are spread over the weeks it would really have taken. Cases are
keyed on their form token (a UUID made from a fixed name), so a second run
adds nothing. Everyone is fictional; addresses are at example.org/.net.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from unittest import mock

from django.db.models import Q
from django.utils import timezone

from complaints import deadlines, notices, services
from complaints.models import CaseEvent, Complaint
from complaints.stages import DECISIONS, HEARING_OUTCOMES, Stage
from portal.models import Member, User
from portal.workdays import add_working_days

NAMESPACE = uuid.UUID("6f1d2c1e-8a4b-4d8e-9a51-0c7d3b2f9e10")
MO = "mo@example.org"
DEPUTY = "deputy.mo@example.org"
IP = "ip@example.org"

ASSESSED_YES = {
    "subject_is_member": "yes",
    "within_time_limit": "yes",
    "acting_in_capacity": "yes",
    "covered_by_code": "yes",
}


@dataclass
class Case:
    key: str
    member: str  # the subject's external ID or login email ("" when the complainant could not name them)
    complainant: tuple[str, str]  # name, email
    what: str
    place: str
    outcome_sought: str
    received_days_ago: int
    steps: list = field(default_factory=list)
    last_days_ago: int = 1
    code: list = field(default_factory=list)
    nolan: list = field(default_factory=list)
    link: str = ""
    confidential: str = ""  # reasons given by the complainant
    lodged_by: str = ""  # the email of a signed-in member or officer who lodged it
    description: str = ""


CASES = [
    Case(
        key="received-facebook-post",
        member="FDC-014",
        complainant=("Harriet Moss", "harriet.moss@example.net"),
        what=(
            "On his public councillor page the councillor posted a photo of my front garden with the caption "
            "'this is what happens when you let the wrong people move in'. My address can be worked out "
            "from the photo. Several people have since commented with insults about my family."
        ),
        place="The councillor's public Facebook page",
        link="https://www.facebook.example/cllr.page/posts/4412",
        code=["respect", "bullying", "disrepute"],
        nolan=["leadership"],
        outcome_sought="I want the post removed and an apology.",
        received_days_ago=1,
        last_days_ago=1,
    ),
    Case(
        key="overdue-town-meeting",
        member="BRINDLE-03",
        complainant=("Desmond Achebe", "desmond.achebe@example.net"),
        what=(
            "During public participation at the town council meeting I asked about the cost of the new "
            "Christmas lights. The councillor laughed, said 'here we go again' and told me to "
            "'find a hobby'. "
            "Other members of the public were shocked."
        ),
        place="Brindle Town Council meeting, Brindle Methodist Hall",
        code=["respect"],
        nolan=["accountability", "leadership"],
        outcome_sought="A written apology and for the chair to remind members how to treat the public.",
        received_days_ago=16,
        last_days_ago=16,
    ),
    Case(
        key="acknowledged-licensing-interest",
        member="FDC-021",
        complainant=("Rowena Pike", "rowena.pike@example.net"),
        what=(
            "The councillor sat on the Licensing sub-committee that granted a late licence to the Crown and "
            "Anchor. I understand her brother-in-law is the licensee. She did not declare this and voted in "
            "favour."
        ),
        place="Licensing Sub-Committee, Fellbridge Civic Centre",
        code=["interests", "position"],
        nolan=["integrity", "objectivity"],
        outcome_sought="An investigation, and the licence decision looked at again.",
        received_days_ago=6,
        last_days_ago=4,
        confidential="I run a business on the same street and worry it will affect how I am treated.",
        steps=[Stage.ACKNOWLEDGED],
    ),
    Case(
        key="assessment-officer-complaint",
        member="FDC-009",
        complainant=("Priya Shah", "support@example.org"),
        lodged_by="support@example.org",
        what=(
            "After a committee meeting the councillor followed a junior Democratic Services officer into the "
            "corridor and shouted that the agenda had been 'sabotaged', in front of visitors. "
            "The officer was "
            "in tears. It is the third time this year he has spoken to staff like this."
        ),
        place="Corridor outside Committee Room 2",
        code=["respect", "bullying", "officers"],
        nolan=["leadership"],
        outcome_sought="For the behaviour to stop, and training on working with officers.",
        received_days_ago=20,
        last_days_ago=3,
        confidential="The officer who was shouted at is afraid of the councillor and asked not to be named.",
        steps=[
            (
                "confidentiality",
                True,
                "The complainant is a council officer and the officer involved fears reprisal.",
            ),
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have shouted at a member of staff in the corridor after a committee "
                "meeting, "
                "accusing them of sabotaging the agenda, in front of visitors.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assign",),
            (
                "assess",
                {"capacity_reasons": "Immediately after a committee meeting, about committee business."},
            ),
            (
                "ip_view",
                "The account is consistent and the conduct is serious; I would support an investigation.",
            ),
            ("pause", "Waiting for the member's response, due shortly"),
        ],
    ),
    Case(
        key="nfa-private-account",
        member="FDC-030",
        complainant=("Giles Ferrand", "giles.ferrand@example.net"),
        what=(
            "The councillor shared a joke on her personal Instagram account that I found offensive about "
            "people who cycle."
        ),
        place="Instagram",
        code=["respect"],
        outcome_sought="She should be made to delete it.",
        received_days_ago=24,
        last_days_ago=6,
        steps=[
            Stage.ACKNOWLEDGED,
            Stage.INITIAL_ASSESSMENT,
            (
                "assess",
                {
                    "acting_in_capacity": "no",
                    "capacity_reasons": (
                        "A private account in her own name that does not mention the council; the post is "
                        "about a general topic, not council business."
                    ),
                },
            ),
            (
                Stage.NO_FURTHER_ACTION,
                "The member was not acting as a councillor: the account is personal and the post has "
                "nothing to "
                "do with council business, so the Code of Conduct does not apply.",
            ),
        ],
    ),
    Case(
        key="review-planning-comment",
        member="FDC-017",
        complainant=("Colin Sutherland", "colin.sutherland@example.net"),
        what=(
            "Before the Planning Committee met, the councillor told a local newspaper that the supermarket "
            "application 'will be thrown out, whatever the officers say'. He then voted to refuse it."
        ),
        place="Fellbridge Gazette, and the Planning Committee",
        code=["disrepute"],
        nolan=["objectivity"],
        outcome_sought="The decision should be retaken without him.",
        received_days_ago=45,
        last_days_ago=5,
        steps=[
            Stage.ACKNOWLEDGED,
            Stage.INITIAL_ASSESSMENT,
            ("assess", {"capacity_reasons": "Speaking to the press as a member of the Planning Committee."}),
            (
                Stage.NO_FURTHER_ACTION,
                "The comment was ill-judged, but whether a decision was predetermined is a matter for the "
                "courts, not the Code of Conduct. Advice has been given to the member.",
            ),
            (
                Stage.REVIEW,
                "The complainant asked for a review within 7 days, saying the advice was not enough.",
            ),
        ],
    ),
    Case(
        key="informal-parish-email",
        member="COLDHARBOUR-02",
        complainant=("Anita Rowe", "anita.rowe@example.net"),
        what=(
            "The councillor replied to my email about the play area by copying in the whole parish mailing "
            "list and calling my concerns 'hysterical nonsense'."
        ),
        place="Email to the Coldharbour parish mailing list",
        code=["respect", "confidentiality"],
        outcome_sought="An apology to me on the same mailing list.",
        received_days_ago=35,
        last_days_ago=9,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have replied to a parishioner's email to the whole mailing list, calling "
                "their concerns about the play area hysterical nonsense.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assess", {"capacity_reasons": "Answering a parishioner's question about parish business."}),
            ("response", "I accept the tone was wrong and I am happy to apologise."),
            (
                Stage.INFORMAL_RESOLUTION,
                "The member accepts the tone of the email was wrong and will apologise to the complainant on "
                "the same mailing list within 14 days.",
            ),
        ],
    ),
    Case(
        key="police-grant-money",
        member="FDC-026",
        complainant=("Margaret Olsen", "margaret.olsen@example.net"),
        what=(
            "The councillor arranged a ward grant to a community group whose treasurer is his wife. "
            "The group "
            "has not held an event since, and the money seems to have been spent on her car."
        ),
        place="Ward grants scheme",
        code=["position", "resources", "interests"],
        nolan=["selflessness", "integrity", "honesty"],
        outcome_sought="A proper investigation of where the money went.",
        received_days_ago=40,
        last_days_ago=12,
        steps=[
            Stage.ACKNOWLEDGED,
            Stage.INITIAL_ASSESSMENT,
            ("assess", {"capacity_reasons": "Using the ward grants scheme, which only councillors can do."}),
            (
                Stage.POLICE_REFERRAL,
                "The allegation, if true, may amount to a criminal offence. The standards process is paused "
                "while the police consider it.",
            ),
        ],
    ),
    Case(
        key="investigation-allotment-lease",
        member="ELMSTEAD-04",
        complainant=("Trevor Knowles", "trevor.knowles@example.net"),
        what=(
            "The councillor took part in and voted on the decision to renew the allotment lease at a lower "
            "rent. She holds two of the plots herself and did not declare an interest."
        ),
        place="Elmstead Parish Council meeting",
        code=["interests"],
        nolan=["integrity", "openness"],
        outcome_sought="An investigation.",
        received_days_ago=60,
        last_days_ago=20,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have voted on the allotment lease renewal without declaring that you hold "
                "two plots.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assign",),
            ("assess", {"capacity_reasons": "Voting at a parish council meeting."}),
            ("ip_view", "An investigation is justified: the facts about the plots can be checked easily."),
            (
                Stage.INVESTIGATION,
                "Whether the member had an interest she should have declared depends on facts that need "
                "investigating. An investigator has been appointed.",
            ),
        ],
    ),
    Case(
        key="report-whatsapp-group",
        member="FDC-004",
        complainant=("Samira Haddad", "samira.haddad@example.net"),
        what=(
            "Screenshots from a residents' WhatsApp group show the councillor calling a named resident a "
            "'liar and a crook' and encouraging others to 'make her life difficult'."
        ),
        place="Residents' WhatsApp group the councillor runs as ward councillor",
        code=["respect", "bullying", "disrepute"],
        nolan=["leadership"],
        outcome_sought="The councillor should apologise and step back from running the group.",
        received_days_ago=150,
        last_days_ago=8,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have called a resident a liar and a crook in the residents' WhatsApp group "
                "you run, and to have encouraged others to make her life difficult.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assign",),
            (
                "assess",
                {"capacity_reasons": "The group is promoted as the ward councillor's group for residents."},
            ),
            (Stage.INVESTIGATION, "The screenshots need to be verified and witnesses spoken to."),
            (
                Stage.REPORT,
                "The investigator found the screenshots genuine and concluded the Code was breached.",
            ),
        ],
    ),
    Case(
        key="hearing-town-planning",
        member="KIRKBY-MOOR-02",
        complainant=("Neville Crabtree", "neville.crabtree@example.net"),
        what=(
            "The councillor, who chairs the planning working group, told the applicant next door to me that "
            "he would 'see the objections disappear' if the applicant sponsored the town fun day."
        ),
        place="Kirkby Moor Town Council planning working group",
        code=["position", "disrepute"],
        nolan=["integrity", "objectivity"],
        outcome_sought="The councillor should be removed from the planning working group.",
        received_days_ago=170,
        last_days_ago=10,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have suggested to a planning applicant that objections could be made to "
                "disappear if they sponsored the town fun day.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assign",),
            (
                "assess",
                {"capacity_reasons": "Speaking as chair of the town council's planning working group."},
            ),
            (
                Stage.INVESTIGATION,
                "The conversation needs to be investigated with the applicant and witnesses.",
            ),
            (Stage.REPORT, "The investigator found the remark was made and concluded the Code was breached."),
            ("ip_view", "The report is careful and fair. The matter should go to a hearing."),
            (Stage.HEARING, "The investigator found a breach which the member disputes.", 12),
        ],
    ),
    Case(
        key="breach-social-media-resident",
        member="cllr.ward@example.org",  # Morgan Hale: a demo login, so the member's own view can be seen
        complainant=("Eileen Pargeter", "eileen.pargeter@example.net"),
        what=(
            "After I objected to the Riverside car park plans, Councillor Hale posted on X that I was "
            "'a professional moaner who should move somewhere else', with a photo of me at the meeting. "
            "The post was shared hundreds of times and I received abusive messages."
        ),
        place="The councillor's X account, which says he is a Fellbridge councillor",
        link="https://x.example/cllrmorganhale/status/1789",
        code=["respect", "bullying", "disrepute"],
        nolan=["leadership"],
        outcome_sought="A public apology and training on social media.",
        received_days_ago=200,
        last_days_ago=25,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have posted on X that a resident who objected to the Riverside car park "
                "plans was a professional moaner who should move away, with a photo of her.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assign",),
            ("response", "I was frustrated at the time and have since deleted the post."),
            (
                "assess",
                {
                    "capacity_reasons": "The account describes him as a councillor and the post was about a "
                    "council consultation."
                },
            ),
            (
                Stage.INVESTIGATION,
                "The conduct is serious and the member disputes that he acted as a councillor.",
            ),
            (
                Stage.REPORT,
                "The investigator concluded the member was acting as a councillor and breached the Code.",
            ),
            (
                "ip_view",
                "I agree with the investigator. The post singled out a member of the public for abuse.",
            ),
            (Stage.HEARING, "The member does not accept the investigator's findings."),
            (
                Stage.BREACH,
                "The hearing sub-committee found that Councillor Hale was acting as a councillor and "
                "failed to "
                "treat a member of the public with respect. It took into account that the post was deleted.",
            ),
            ("sanction_done",),
        ],
    ),
    Case(
        key="no-breach-town-heckling",
        member="BRINDLE-05",
        complainant=("Yusuf Karim", "yusuf.karim@example.net"),
        what="The councillor heckled the mayor during the annual town meeting and walked out.",
        place="Brindle annual town meeting",
        code=["respect"],
        outcome_sought="A reprimand.",
        received_days_ago=220,
        last_days_ago=40,
        steps=[
            Stage.ACKNOWLEDGED,
            ("notify", "You are said to have heckled the mayor at the annual town meeting and walked out."),
            Stage.INITIAL_ASSESSMENT,
            ("assess", {"capacity_reasons": "Attending the annual town meeting as a town councillor."}),
            (Stage.INVESTIGATION, "Accounts of the meeting differ and need investigating."),
            (
                Stage.REPORT,
                "The investigator found the member raised a point of order robustly but politely.",
            ),
            ("assign",),
            ("ip_view", "Robust political debate is protected; I do not think this was a breach."),
            (Stage.HEARING, "The complainant disputes the report's account of the meeting."),
            (Stage.NO_BREACH, "The hearing found the member's interruption was a legitimate point of order."),
        ],
    ),
    Case(
        key="withdrawn-bin-collection",
        member="FDC-033",
        complainant=("Bryony Lake", "bryony.lake@example.net"),
        what="The councillor promised to sort out our missed bin collections and then ignored my emails.",
        place="Emails to the councillor",
        outcome_sought="A reply.",
        received_days_ago=30,
        last_days_ago=22,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                Stage.WITHDRAWN,
                "Withdrawn by the complainant: the councillor has now replied and the bins are fixed.",
            ),
        ],
    ),
    Case(
        key="closed-parish-apology",
        member="ASHWORTH-02",
        complainant=("Kenneth Doyle", "kenneth.doyle@example.net"),
        what="At the parish meeting the councillor told me to 'sit down and shut up' when I asked something.",
        place="Ashworth Parish Council meeting, village hall",
        code=["respect"],
        outcome_sought="An apology.",
        received_days_ago=120,
        last_days_ago=70,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have told a parishioner to sit down and shut up when they asked a question.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assess", {"capacity_reasons": "Chairing the public session of a parish council meeting."}),
            (Stage.INFORMAL_RESOLUTION, "The member agreed to apologise in writing, and did so."),
            (Stage.CLOSED, "The apology was sent on time; the complainant is satisfied."),
        ],
    ),
    Case(
        key="breach-parish-recommendation",
        member="ELMSTEAD-02",
        complainant=("Patricia Wynne", "patricia.wynne@example.net"),
        what=(
            "The councillor repeatedly shared confidential details of a staffing matter from a closed "
            "session with people in the village."
        ),
        place="Elmstead village, after a closed session of the parish council",
        code=["confidentiality"],
        nolan=["integrity"],
        outcome_sought="For the parish council to take action.",
        received_days_ago=260,
        last_days_ago=60,
        steps=[
            Stage.ACKNOWLEDGED,
            (
                "notify",
                "You are said to have shared confidential details of a staffing matter from a closed "
                "session with people in the village.",
            ),
            Stage.INITIAL_ASSESSMENT,
            ("assess", {"capacity_reasons": "Disclosing information received as a parish councillor."}),
            (Stage.INVESTIGATION, "Witnesses need to be interviewed."),
            (Stage.REPORT, "The investigator found the disclosures were made."),
            ("assign",),
            ("ip_view", "A clear breach of confidentiality with real harm to an employee."),
            (Stage.HEARING, "The member disputes the findings."),
            (
                Stage.BREACH,
                "The hearing found the member disclosed confidential information about a member of staff.",
                [
                    {"kind": "censure"},
                    {"kind": "remove_from_committees", "details": "The staffing committee."},
                ],
            ),
            ("parish_acted",),
        ],
    ),
]


def seed(command) -> list[str]:
    people = {
        user.email: user for user in User.objects.filter(email__in=[MO, DEPUTY, IP, "support@example.org"])
    }
    mo = people.get(MO)
    if mo is None:
        return ["Standards complaints: skipped (no Monitoring Officer login)."]
    existing = set(
        Complaint.objects.filter(form_token__in=[_token(case.key) for case in CASES]).values_list(
            "form_token", flat=True
        )
    )
    made = 0
    # The demo sends nobody any email.
    with mock.patch("portal.emails.enqueue_message"):
        for case in CASES:
            if _token(case.key) in existing:
                continue
            _make(case, command=command, people=people, mo=mo)
            made += 1
    total = Complaint.objects.filter(form_token__in=[_token(case.key) for case in CASES])
    overdue = total.overdue(command.today).count()
    published = total.filter(decision_notices__published_at__isnull=False).distinct().count()
    return [
        f"Standards complaints: {total.count()} demo cases at every stage ({made} new), {overdue} overdue, "
        f"{published} hearing decisions on the public register; Hugh Barrow consulted on some"
    ]


def _token(key) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def _member(external_id) -> Member | None:
    if not external_id:
        return None
    if "@" in external_id:
        return Member.objects.filter(user__email=external_id).select_related("authority").first()
    slug = external_id.rsplit("-", 1)[0].lower()
    return (
        Member.objects.filter(external_id=external_id)
        .filter(Q(authority__slug="fellbridge") | Q(authority__slug=slug))
        .select_related("authority")
        .first()
    )


def _make(case, *, command, people, mo):
    member = _member(case.member)
    details = {
        "complainant_name": case.complainant[0],
        "complainant_email": case.complainant[1],
        "subject_member": member,
        "subject_description": "" if member else case.description,
        "what_happened": case.what,
        "incident_date": command.today - datetime.timedelta(days=case.received_days_ago + 4),
        "incident_place": case.place,
        "incident_link": case.link,
        "code_paragraphs": case.code,
        "nolan_principles": case.nolan,
        "outcome_sought": case.outcome_sought,
        "confidentiality_requested": bool(case.confidential),
        "confidentiality_reasons": case.confidential,
    }
    lodger = people.get(case.lodged_by)
    submission = services.complaint_submit(form_token=_token(case.key), details=details, user=lodger)
    if lodger is None:
        services.complaint_confirm(token=submission.confirmation_token)
    complaint = submission.complaint
    actor = people.get(DEPUTY) if case.key.startswith("nfa") else mo
    ip = people.get(IP)
    for step in case.steps:
        complaint = Complaint.objects.get(pk=complaint.pk)
        _step(complaint, step, actor=actor, ip=ip)
    _spread(Complaint.objects.get(pk=complaint.pk), case, today=command.today)


def _step(complaint, step, *, actor, ip):
    if isinstance(step, str):
        services.complaint_move(complaint=complaint, target=step, actor=actor)
        return
    kind, *rest = step
    if kind == "confidentiality":
        services.confidentiality_decide(complaint=complaint, actor=actor, granted=rest[0], reasons=rest[1])
    elif kind == "notify":
        services.subject_notify(complaint=complaint, actor=actor, allegation_summary=rest[0])
    elif kind == "assign" and ip is not None:
        services.ip_assign(complaint=complaint, independent_person=ip, actor=actor)
    elif kind == "assess":
        answers = {**ASSESSED_YES, "code_paragraphs": complaint.code_paragraphs, **rest[0]}
        answers["nolan_principles"] = complaint.nolan_principles
        services.assessment_save(complaint=complaint, actor=actor, **answers)
    elif kind == "ip_view" and ip is not None:
        services.ip_view_record(complaint=complaint, independent_person=ip, view=rest[0], actor=ip)
    elif kind == "pause":
        services.complaint_pause(complaint=complaint, actor=actor, reason=rest[0])
    elif kind == "response":
        notice = complaint.subject_notices.first()
        services.subject_response_record(notice=notice, actor=actor, response=rest[0])
    elif kind == "sanction_done":
        for sanction in complaint.sanctions.filter(kind="censure"):
            services.sanction_update(
                sanction=sanction,
                actor=actor,
                compliance="done",
                complied_on=timezone.localdate(),
                compliance_notes="Censure moved at full Council.",
            )
    elif kind == "parish_acted":
        for sanction in complaint.sanctions.all():
            services.sanction_update(sanction=sanction, actor=actor, parish_action="acted")
    elif kind in DECISIONS or kind in (
        Stage.REVIEW,
        Stage.REPORT,
        Stage.HEARING,
        Stage.WITHDRAWN,
        Stage.CLOSED,
    ):
        _decide(complaint, kind, rest, actor=actor)


def _decide(complaint, target, rest, *, actor):
    reasons = rest[0]
    sanctions = ()
    hearing_on = None
    if target == Stage.BREACH:
        sanctions = rest[1] if len(rest) > 1 else _breach_sanctions(complaint)
    if target == Stage.HEARING and len(rest) > 1:
        hearing_on = add_working_days(timezone.localdate(), rest[1])
    services.complaint_move(
        complaint=complaint,
        target=target,
        actor=actor,
        reasons=reasons,
        sanctions=sanctions,
        hearing_on=hearing_on,
    )


def _breach_sanctions(complaint):
    from training.models import Course

    course = (
        Course.objects.filter(title__icontains="social media").order_by("title").first()
        or Course.objects.filter(title__icontains="code of conduct").order_by("title").first()
    )
    return [
        {"kind": "censure", "details": "Formal censure, to be moved at the next meeting of full Council."},
        {
            "kind": "training",
            "details": "Social media training within three months.",
            "course": course,
            "due_on": add_working_days(timezone.localdate(), 60),
        },
        {"kind": "publish_findings", "details": "Publish this decision on the council's website."},
    ]


def _spread(complaint, case, *, today):
    """Give the case's events the dates they would really have had, and everything that follows from them."""
    start = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=case.received_days_ago), datetime.time(9, 40)
        )
    )
    end = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=case.last_days_ago), datetime.time(15, 10))
    )
    events = list(complaint.events.order_by("created_at", "pk"))
    step = (end - start) / max(len(events) - 1, 1)
    for number, event in enumerate(events):
        event.created_at = start + step * number
    CaseEvent.objects.bulk_update(events, ["created_at"])
    first = {}
    last = {}
    for event in events:
        key = event.to_status if event.kind == CaseEvent.Kind.TRANSITION else event.kind
        first.setdefault(key, event.created_at)
        last[key] = event.created_at
    complaint.submitted_at = start - datetime.timedelta(hours=2)
    complaint.received_at = start
    complaint.acknowledged_at = first.get(Stage.ACKNOWLEDGED)
    complaint.confidentiality_decided_at = first.get(CaseEvent.Kind.CONFIDENTIALITY)
    decisions = [e for e in events if e.kind == CaseEvent.Kind.TRANSITION and e.to_status in DECISIONS]
    complaint.decided_at = decisions[-1].created_at if decisions else None
    assessed = [e for e in decisions if e.from_status in (Stage.INITIAL_ASSESSMENT, Stage.REVIEW)]
    complaint.assessment_decided_at = assessed[0].created_at if assessed else None
    complaint.closed_at = first.get(Stage.CLOSED)
    if complaint.paused_since:
        complaint.paused_since = last[CaseEvent.Kind.PAUSED].date()
    received = timezone.localdate(start)
    complaint.acknowledgement_due_on = deadlines.due_date(received, deadlines.ACKNOWLEDGEMENT)
    if complaint.acknowledged_at:
        complaint.assessment_due_on = deadlines.due_date(received, deadlines.INITIAL_ASSESSMENT)
    complaint.save()
    complaint.save(update_fields=deadlines.apply_clock(complaint))
    for notice in complaint.subject_notices.all():
        notice.sent_at = first[CaseEvent.Kind.NOTICE_SENT]
        notice.respond_by = deadlines.response_due(notice.sent_at)
        notice.responded_at = first.get(CaseEvent.Kind.RESPONSE)
        notice.save(update_fields=["sent_at", "respond_by", "responded_at"])
    complaint.ip_assignments.update(assigned_at=first.get(CaseEvent.Kind.IP_ASSIGNED, start))
    for view in complaint.ip_views.all():
        moment = last[CaseEvent.Kind.IP_VIEW]
        view.recorded_at, view.consulted_on = moment, timezone.localdate(moment)
        view.save(update_fields=["recorded_at", "consulted_on"])
    complaint.documents.update(uploaded_at=start)
    _redate_notices(complaint, decisions)


def _redate_notices(complaint, decisions):
    """Rewrite each decision notice as of the day it was made."""
    ip_views = list(complaint.ip_views.all())
    sanctions = list(complaint.sanctions.all())
    for notice in complaint.decision_notices.all():
        event = next(e for e in reversed(decisions) if e.to_status == notice.decision)
        day = timezone.localdate(event.created_at)
        kwargs = {
            "decision": notice.decision,
            "reasons": event.note,
            "sanctions": sanctions if notice.decision == Stage.BREACH else (),
            "ip_views": ip_views,
            "decided_on": day,
        }
        notice.text = notices.render_decision(complaint, **kwargs)
        notice.public_text = notices.render_decision(complaint, for_public=True, **kwargs)
        notice.created_at = event.created_at
        if notice.published_at and notice.decision in HEARING_OUTCOMES:
            notice.published_at = event.created_at + datetime.timedelta(days=2)
        notice.save(update_fields=["text", "public_text", "created_at", "published_at"])
    complaint.sanctions.update(created_at=complaint.decided_at or timezone.now())
