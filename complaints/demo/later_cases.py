"""The demo cases further on: investigations, reports, hearings, decisions and closed cases."""

from complaints.stages import Stage

from .cases import Case
from .steps import assessed

LATER_CASES = [
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
            *assessed(
                "The group is promoted as the ward councillor's group for residents.",
                notify=(
                    "You are said to have called a resident a liar and a crook in the residents' WhatsApp "
                    "group you run, and to have encouraged others to make her life difficult."
                ),
                assign=True,
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
            *assessed(
                "Speaking as chair of the town council's planning working group.",
                notify=(
                    "You are said to have suggested to a planning applicant that objections could be made to "
                    "disappear if they sponsored the town fun day."
                ),
                assign=True,
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
            *assessed(
                "Attending the annual town meeting as a town councillor.",
                notify=("You are said to have heckled the mayor at the annual town meeting and walked out."),
            ),
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
            *assessed(
                "Chairing the public session of a parish council meeting.",
                notify=(
                    "You are said to have told a parishioner to sit down and shut up when they asked a "
                    "question."
                ),
            ),
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
            *assessed(
                "Disclosing information received as a parish councillor.",
                notify=(
                    "You are said to have shared confidential details of a staffing matter from a closed "
                    "session with people in the village."
                ),
            ),
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
