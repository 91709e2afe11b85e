"""Published FAQ entries, written afresh in general terms (no member is named)."""

from advice.models import Topic

# FAQ entries: slug, topic, guidance document slug, title, background, answer.
FAQS = [
    (
        "can-i-share-posts-about-an-application-i-will-decide",
        Topic.SOCIAL_MEDIA,
        "planning-predetermination",
        "Can I share posts about a planning application I will decide?",
        "A member of the Planning Committee is asked by residents to share a developer's post about an "
        "application the committee will decide.",
        "You may share **factual** information: how to comment, the consultation closing date and a link "
        "to the planning portal.\n\n"
        "Do not share campaign or developer material, or say what you think of the scheme, before the "
        "committee decides. It could suggest you have made up your mind (predetermination) and put the "
        "decision at risk of challenge.\n\n"
        "Once the decision is made, you can explain how you voted and why.",
    ),
    (
        "gifts-from-council-contractors",
        Topic.GIFTS,
        "code-of-conduct-summary",
        "Can I accept a gift from a company that works for the council?",
        "A member is offered event tickets by a council contractor.",
        "Decline it politely. A gift from a contractor or from anyone seeking a decision from the council "
        "can look like an attempt to influence you, whatever its value.\n\n"
        "Any gift or hospitality you do accept worth more than **£50** must be registered within 28 days.",
    ),
    (
        "personal-and-councillor-social-media-accounts",
        Topic.SOCIAL_MEDIA,
        "social-media-guide",
        "Should I keep separate personal and councillor social media accounts?",
        "",
        "It helps. The Code of Conduct applies whenever you act, or appear to act, as a member, and "
        "a single account that mixes both makes it harder to show you were posting privately.\n\n"
        "- Say clearly on your councillor account that it is your councillor account.\n"
        "- Keep council business off your personal account.\n"
        "- Remember that a personal post can still be treated as made in your official role if you "
        "mention council business.",
    ),
    (
        "declaring-a-relatives-interest",
        Topic.INTERESTS,
        "code-of-conduct-summary",
        "Do I have to declare an interest because of a relative's job?",
        "A member's close relative works for a company with business before the council.",
        "It depends on the business and your role in it. A close relative's employment can give you an "
        "interest you must declare if the matter affects them more than most people.\n\n"
        "Ask the Monitoring Officer before the meeting with the details: what the matter is, and what "
        "your relative's role is.",
    ),
]
