"""The demo courses: reference data (what a course is), created directly and kept up to date by slug."""

from guidance.models import Document
from portal.models import Committee
from training.models import CommitteeRequirement, Course

COURSES = [
    {
        "slug": "social-media-basics",
        "title": "Social media basics",
        "summary": "Using social media well as a member: separate accounts, tone and staying safe.",
        "description": (
            "A practical session from the Communications Team for members who use, or want to use, "
            "social media in their role.\n\n"
            "We cover setting up an official account separate from your personal one, what to post "
            "and when, dealing with difficult comments, and the legal risks: defamation, data "
            "protection, copyright and predetermination. Bring your phone if you would like help "
            "with your own accounts."
        ),
        "provider": Course.Provider.COMMUNICATIONS,
        "delivery": Course.Delivery.ONLINE,
        "duration_minutes": 90,
        "requirement": Course.Requirement.OPTIONAL,
        "refresher_months": None,
        "documents": ["social-media-guide", "social-media-checklist", "legal-risks-online"],
    },
    {
        "slug": "code-of-conduct",
        "title": "Code of Conduct",
        "summary": "What the Code asks of you, how to declare interests and how complaints are handled.",
        "description": (
            "Run by the Monitoring Officer's team in Legal Services. Every member takes it when they "
            "join the council and again every four years.\n\n"
            "We work through the Seven Principles of Public Life, when the Code applies (including "
            "online), registering and declaring interests, and what happens when someone complains."
        ),
        "provider": Course.Provider.LEGAL,
        "delivery": Course.Delivery.IN_PERSON,
        "duration_minutes": 150,
        "requirement": Course.Requirement.ALL_MEMBERS,
        "due_within_days": 60,
        "refresher_months": 48,
        "documents": ["code-of-conduct-summary", "seven-principles-of-public-life"],
    },
    {
        "slug": "planning-and-licensing",
        "title": "Planning and Licensing training",
        "summary": "Required every year before you sit on the Planning or Licensing Committee.",
        "description": (
            "Covers the law and procedure for deciding planning applications and licensing cases: "
            "material considerations, predetermination and bias, site visits, lobbying, and how to "
            "give reasons the council can defend on appeal.\n\n"
            "Members of the Planning and Licensing Committees may not sit until they have completed "
            "it, and must refresh it every 12 months."
        ),
        "provider": Course.Provider.PLANNING,
        "delivery": Course.Delivery.IN_PERSON,
        "duration_minutes": 180,
        "requirement": Course.Requirement.COMMITTEE,
        "refresher_months": 12,
        "committees": ["planning", "licensing"],
        "documents": ["planning-predetermination"],
    },
    {
        "slug": "data-protection-for-members",
        "title": "Data protection for members",
        "summary": "A 40-minute e-learning module on handling residents' personal information in casework.",
        "description": (
            "Take it online at any time. At the end you get a certificate: send it to us from this "
            "page and Member Support will add the course to your record. Refresh it every two years."
        ),
        "provider": Course.Provider.MEMBER_SUPPORT,
        "delivery": Course.Delivery.E_LEARNING,
        "duration_minutes": 40,
        "requirement": Course.Requirement.ALL_MEMBERS,
        "due_within_days": 90,
        "refresher_months": 24,
        "e_learning_url": "https://learning.example.org/fellbridge/data-protection",
        "documents": ["legal-risks-online"],
    },
    {
        "slug": "chairing-meetings",
        "title": "Chairing meetings effectively",
        "summary": "For chairs and vice-chairs: running a fair, focused meeting and handling the public.",
        "description": (
            "An online workshop from the Local Government Association for committee chairs and "
            "vice-chairs, and anyone who would like to chair in future."
        ),
        "provider": Course.Provider.LGA,
        "delivery": Course.Delivery.ONLINE,
        "duration_minutes": 120,
        "requirement": Course.Requirement.OPTIONAL,
        "refresher_months": None,
        "documents": [],
    },
    {
        "slug": "safeguarding-awareness",
        "title": "Safeguarding awareness",
        "summary": "Recognising and reporting concerns about children and adults at risk in your ward.",
        "description": "An e-learning module with a short quiz. Refresh it every three years.",
        "provider": Course.Provider.EXTERNAL,
        "provider_name": "Fellbridge Safeguarding Partnership",
        "delivery": Course.Delivery.E_LEARNING,
        "duration_minutes": 45,
        "requirement": Course.Requirement.OPTIONAL,
        "refresher_months": 36,
        "e_learning_url": "https://learning.example.org/fellbridge/safeguarding",
        "documents": [],
    },
]


def make_courses(district) -> dict[str, Course]:
    committees = {c.slug: c for c in Committee.objects.filter(authority_id=district)}
    documents = {d.slug: d for d in Document.objects.all()}
    courses = {}
    for spec in COURSES:
        fields = {key: value for key, value in spec.items() if key not in {"slug", "documents", "committees"}}
        course, _ = Course.objects.update_or_create(slug=spec["slug"], defaults=fields)
        course.guidance_documents.set([documents[s] for s in spec["documents"] if s in documents])
        for slug in spec.get("committees", []):
            if slug in committees:
                CommitteeRequirement.objects.get_or_create(course=course, committee=committees[slug])
        courses[spec["slug"]] = course
    return courses
