"""The demo library's text: fictional Fellbridge District Council guidance, written for this portal.

Each entry is a document and its versions, oldest first. ``days_ago`` says how
long ago each version was published.
"""

SOCIAL_MEDIA_V1 = """\
## Why this guide exists

Social media is one of the quickest ways to hear from residents, share news from your ward and explain
the decisions the council takes. Used well, it makes you easier to reach. Used carelessly, it can lead
to a complaint under the Code of Conduct, a legal claim, or a story in the local paper.

This guide sums up the points from the Communications Team's social media sessions. It applies to every
district councillor and to co-opted members, and should be read alongside the Code of Conduct.

## When are you "acting as a member"?

The Code of Conduct applies whenever you conduct the council's business, act as a representative of the
council, or behave in a way that would lead a reasonable member of the public, knowing all the facts, to
think you were acting as a member. Online, that last test matters most.

You are more likely to be treated as acting as a member if your profile says you are one, if you
post about council business, or if you use the account to campaign or to reply to residents about their
problems.

* Consider keeping **separate accounts**: one for council work, one for your private life.
* If you keep one account, be clear what it is for. A private account should stay private and should not
  use your title or talk about council business.
* Remember that deleting a post does not undo it: someone may already have a screenshot.

## Good habits

* Post as yourself, in your own voice. People respond to a person more than to a logo.
* Treat comments as a conversation, not a broadcast.
* Do not post anything you would not be happy to say at a public meeting with the press present.
* Do not share confidential or exempt information from reports, briefings or closed sessions.
* Check that what you share is accurate and comes from a reliable source before you share it.
* Keep your accounts secure with a strong password and two-step sign-in, and never share your log-in.

## Legal risks

Posting online carries the same legal risks as printing a leaflet. The most common are **defamation**
(a false statement that harms someone's reputation), breach of **copyright** (using photos, maps or
articles you do not have permission to use), and breach of **data protection** law (sharing a resident's
personal details or casework). The separate note *Legal risks when posting online* explains each of them.

## If you are unsure

Ask before you post. The Communications Team can help with how to say something, and the Monitoring
Officer can advise on the Code of Conduct. There is a button on this page to ask the Monitoring Officer.
"""

SOCIAL_MEDIA_V2 = SOCIAL_MEDIA_V1.replace(
    "## If you are unsure",
    """\
## The pre-election period

In the weeks before an election (often called the pre-election period, or "purdah"), the council must not
publish anything that could be seen as supporting a candidate or party. Councillors may campaign, but not
with council resources.

* Do not use council logos, photographs or officers' time for campaign material.
* Keep campaigning to your personal or party accounts, never the council's.
* Be careful when sharing council posts: a comment added to a council announcement can turn it into
  campaign material.

## Handling abuse and harassment

You do not have to put up with abuse. Block or mute accounts that harass you, keep screenshots of anything
threatening, and report it to the platform. If you feel unsafe, contact the police and tell Member Support:
the council can help with your personal safety, including keeping your home address off public records.

## If you are unsure""",
).replace(
    "* Keep your accounts secure with a strong password and two-step sign-in, and never share your log-in.",
    "* Keep your accounts secure with a strong password and two-step sign-in, and never share your log-in.\n"
    "* Do not discuss residents' casework in public: ask them to message or email you instead.",
)

CODE_OF_CONDUCT_V1 = """\
## What the Code is for

Every council must adopt a Code of Conduct for its members (Localism Act 2011, section 27). Fellbridge's
Code is based on the Local Government Association's model code. It sets out the standards of behaviour
residents can expect from the people they elect, and it applies equally to co-opted members.

This page is a short summary. The full Code, in the Constitution, is the text that counts.

## When it applies

The Code applies whenever you are acting as a member: at meetings, in your ward, in correspondence and
online. It also applies when you give the impression that you are acting as a member, for example by
using your title.

## General obligations

* **Respect**: treat other councillors, officers and members of the public with respect, even when you
  disagree strongly. Robust political debate is allowed; personal attacks are not.
* **Bullying, harassment and discrimination**: do not bully or harass anyone, and do not discriminate
  unlawfully.
* **Impartiality of officers**: do not pressure officers to act in a way that compromises their
  neutrality.
* **Confidentiality**: do not disclose confidential information, or information you were told in
  confidence, unless the law allows it.
* **Disrepute**: do not bring your role or the council into disrepute.
* **Use of position**: do not use your position to gain an advantage, or cause a disadvantage, for
  yourself or anyone else.
* **Use of council resources**: use council resources properly, and never for party political
  purposes.

## Interests

You must register your disclosable pecuniary interests within 28 days of taking office, and keep the
register up to date. If a matter at a meeting affects one of your interests, declare it and follow the
rules on whether you may speak and vote. Failing to register or declare a disclosable pecuniary interest
can be a criminal offence.

## Gifts and hospitality

Register any gift or hospitality worth more than £50 that you receive as a member within 28 days.

## Complaints

Anyone can complain to the Monitoring Officer that a councillor has broken the Code. Complaints are
assessed against published arrangements, in consultation with an Independent Person. If you are unsure
whether something is allowed, ask the Monitoring Officer first: asking is always better than explaining
afterwards.
"""

CODE_OF_CONDUCT_V2 = CODE_OF_CONDUCT_V1.replace(
    "Register any gift or hospitality worth more than £50 that you receive as a member within 28 days.",
    "Register any gift or hospitality worth more than £50 that you receive as a member within 28 days "
    "of receiving it. Also register a gift you declined if it was offered more than once by the same person.",
)

NOLAN = """\
## Where the principles come from

The Committee on Standards in Public Life, first chaired by Lord Nolan, set out seven principles in 1995
that apply to everyone who holds public office. Fellbridge's Code of Conduct is built on them, so they are
the best starting point when a situation is not covered by a rule.

## The seven principles

1. **Selflessness**: act solely in terms of the public interest.
2. **Integrity**: do not place yourself under any obligation to people or organisations that might try to
   influence you in your work. Do not act or take decisions to gain financial or other material benefits
   for yourself, your family or your friends. Declare and resolve any interests and relationships.
3. **Objectivity**: act and take decisions impartially, fairly and on merit, using the best evidence and
   without discrimination or bias.
4. **Accountability**: you are accountable to the public for your decisions and actions and must submit
   yourself to the scrutiny necessary to ensure this.
5. **Openness**: act and take decisions in an open and transparent manner. Information should not be
   withheld from the public unless there are clear and lawful reasons for doing so.
6. **Honesty**: be truthful.
7. **Leadership**: show these principles in your own behaviour, actively promote and robustly support
   them, and be willing to challenge poor behaviour wherever it occurs.

## Using the principles

When you are not sure what to do, ask yourself which principles are at stake. Would a reasonable
resident, knowing all the facts, think you were acting selflessly and objectively? Would you be content
for your reasons to be published? If the answer is no, or you are unsure, speak to the Monitoring Officer.
"""

CHECKLIST = """\
## How to use this checklist

These are quick checks to make before, and while, you use social media as a member. They sum up the
longer *Social Media Guide for Councillors*. Tick each one once you have checked your own accounts: only
you can see your ticks. Member Support sees how many members have ticked each item, never who.

## Do

* Say clearly on your profile whether an account is for council work or private life.
* Think about who will read a post, and how it could be read out of context.
* Take arguments offline: a phone call usually calms things down faster than a thread.
* Share pictures of your ward work, with people's permission.

## Don't

* Don't post when you are angry or tired. Draft it and look again in the morning.
* Don't share confidential papers or anything said in a closed session.
* Don't comment on a planning or licensing application you will decide before the meeting.
* Don't use photographs, music or maps unless you own them or have permission.
* Don't name residents or discuss their casework in public.
"""

CHECKLIST_ITEMS = [
    ("My profile says whether the account is for council work or private life", ""),
    ("I use a strong password and two-step sign-in on every account", ""),
    ("Nobody else has my log-in details", "Not a family member, and not a party volunteer."),
    ("I know how to block, mute and report abusive accounts", ""),
    (
        "I have checked I am not posting about applications I will decide",
        "Planning and licensing committee members: see the predetermination guide.",
    ),
    ("I only use photos and images I own or have permission to use", ""),
    ("I move casework conversations to private messages or email", ""),
    (
        "I know who to ask before posting something I am unsure about",
        "The Monitoring Officer or the Communications Team.",
    ),
]

LEGAL_RISKS = """\
## Why this matters

What you post online is publishing. The law treats a post, a comment or a shared picture much as it would
a printed leaflet, and a councillor is personally liable for what they publish. The council cannot pay
your legal costs if you are sued for something you posted in a personal capacity. These are the risks
that come up most often.

## Defamation

Defamation is publishing a statement that causes, or is likely to cause, serious harm to someone's
reputation (Defamation Act 2013). Written or posted defamation is libel. Sharing or retweeting someone
else's defamatory post can make you liable too. Truth and honest opinion are defences, but proving them is
expensive. Stick to facts you can prove, and criticise decisions rather than people's characters.

## Copyright

Photographs, maps, logos, news articles and music belong to someone. Using them without permission can
breach copyright even if you credit the owner. Ordnance Survey maps and newspaper photographs are common
traps. Use your own pictures, or ones you have permission to use.

## Data protection

As a member you handle residents' personal information and are responsible for it under the UK GDPR
and the Data Protection Act 2018. Never post a resident's name, address or casework details without their
clear consent, and remember that a screenshot of a private message contains personal data.

## Harassment, threats and discrimination

Repeated posts aimed at one person can amount to harassment. Offensive or menacing messages can be a
criminal offence, and posts that discriminate on a protected characteristic can breach the Equality Act
2010 as well as the Code of Conduct.

## Bias and predetermination

If you sit on a committee that decides applications, such as Planning or Licensing, you must come to the
meeting with an open mind. A post saying how you will vote can mean you are seen to have made up your mind
in advance, which can stop you taking part and can make the council's decision open to **judicial review**
in the High Court.

## Incitement and obscene material

Never post anything that could encourage violence, hatred or crime, or that is obscene. These are criminal
matters as well as breaches of the Code.

## What to do if something goes wrong

Take the post down, do not argue online, and tell the Monitoring Officer straight away. Early advice
usually keeps a problem small.
"""

PREDETERMINATION = """\
## Who this is for

This guide is for members of the Planning Committee and their substitutes. It explains how to take part in
planning decisions lawfully, and how to keep your freedom to speak up for your ward.

## Predisposition is allowed; predetermination is not

You may have views on an application, and you may have said so in the past: that is predisposition, and
section 25 of the Localism Act 2011 says it does not, on its own, stop you taking part. What you must not
do is decide before the meeting, closing your mind to the officers' report, the representations and the
debate. That is predetermination, and it makes the decision unlawful.

## In practice

* Do not tell applicants, objectors or the press how you will vote.
* Listen to everyone at the meeting, and be seen to listen.
* If you have campaigned for or against an application, you may wish to speak as a ward member and then
  leave the room rather than vote.
* Record any lobbying you receive and pass material to the planning officer.
* Declare any interest, and ask the Monitoring Officer beforehand if you are unsure whether you can take
  part.

## Site visits

Site visits are for seeing the site, not for debate. Do not discuss the merits of the application with
the applicant or objectors during a visit.
"""

DOCUMENTS = [
    {
        "slug": "social-media-guide",
        "title": "Social Media Guide for Councillors",
        "summary": "How to use social media well as a member: acting in capacity, good habits, the legal "
        "risks and where to get help.",
        "category": "social_media",
        "owning_team": "Communications Team",
        "audience": "all_members",
        "versions": [
            {
                "body": SOCIAL_MEDIA_V1,
                "note": "First version, from the social media training sessions.",
                "material": True,
                "days_ago": 420,
            },
            {
                "body": SOCIAL_MEDIA_V2,
                "note": "Added sections on the pre-election period and on handling abuse, "
                "and a point on casework.",
                "material": True,
                "days_ago": 35,
            },
        ],
        "sign_off": "social_media",
    },
    {
        "slug": "code-of-conduct-summary",
        "title": "The Code of Conduct in brief",
        "summary": "A short summary of the Members' Code of Conduct: when it applies, the general "
        "obligations, interests, gifts and complaints.",
        "category": "code_of_conduct",
        "owning_team": "Legal and Democratic Services",
        "audience": "all_members",
        "versions": [
            {"body": CODE_OF_CONDUCT_V1, "note": "First version.", "material": True, "days_ago": 300},
            {
                "body": CODE_OF_CONDUCT_V2,
                "note": "Clarified when to register gifts that were declined.",
                "material": False,
                "days_ago": 90,
            },
        ],
        "sign_off": "code",
    },
    {
        "slug": "seven-principles-of-public-life",
        "title": "The Seven Principles of Public Life",
        "summary": "The Nolan principles that everyone in public office follows, and how to use them when "
        "the rules do not give a clear answer.",
        "category": "code_of_conduct",
        "owning_team": "Monitoring Officer",
        "audience": "all_members",
        "versions": [
            {"body": NOLAN, "note": "First version.", "material": True, "days_ago": 400},
        ],
        "sign_off": "nolan",
    },
    {
        "slug": "social-media-checklist",
        "title": "Social media do's and don'ts: a checklist",
        "summary": "Quick checks to work through on your own accounts, drawn from the Social Media Guide.",
        "category": "social_media",
        "owning_team": "Communications Team",
        "audience": "all_members",
        "versions": [
            {"body": CHECKLIST, "note": "First version.", "material": True, "days_ago": 380},
        ],
        "sign_off": "checklist",
        "checklist": CHECKLIST_ITEMS,
        "review": {
            "days_ago": 20,
            "note": "Checked against the updated Social Media Guide; still accurate.",
            # The Standards Committee looked at it the day before.
            "meeting": {
                "days_ago": 21,
                "minute": "SC/26/14",
                "outcome": "Noted the checklist and agreed it needs no change this year.",
            },
        },
    },
    {
        "slug": "legal-risks-online",
        "title": "Legal risks when posting online",
        "summary": "Defamation, copyright, data protection, harassment, bias and the other legal risks that "
        "come with posting as a member.",
        "category": "legal",
        "owning_team": "Legal Services",
        "audience": "all_members",
        "versions": [
            {"body": LEGAL_RISKS, "note": "First version.", "material": True, "days_ago": 200},
        ],
        "sign_off": "legal",
    },
    {
        "slug": "planning-predetermination",
        "title": "Planning Committee: predetermination and bias",
        "summary": "For Planning Committee members: keeping an open mind, lobbying, site visits and when to "
        "step back from a decision.",
        "category": "planning",
        "owning_team": "Legal Services",
        "audience": "committee",
        "committee": "planning",
        "versions": [
            {"body": PREDETERMINATION, "note": "First version.", "material": True, "days_ago": 150},
        ],
        "sign_off": "planning",
    },
]
