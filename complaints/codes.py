"""The Code of Conduct's obligations and the Principles of Public Life, as choices.

Complainants tick the parts they think were breached; the Monitoring Officer
records the parts actually engaged at initial assessment. The wording is the
portal's own plain-English summary of each heading.
"""

from django.db import models


class CodeParagraph(models.TextChoices):
    RESPECT = "respect", "1. Treating others with respect"
    BULLYING = "bullying", "2. Bullying, harassment and discrimination"
    OFFICERS = "officers", "3. Respecting the impartiality of council staff"
    CONFIDENTIALITY = "confidentiality", "4. Confidential information and access to information"
    DISREPUTE = "disrepute", "5. Bringing the council or the role into disrepute"
    POSITION = "position", "6. Misusing the position of councillor"
    RESOURCES = "resources", "7. Using council resources and facilities properly"
    COMPLYING = "complying", "8. Co-operating with Code of Conduct investigations"
    INTERESTS = "interests", "9. Registering and declaring interests"
    GIFTS = "gifts", "10. Gifts and hospitality"


CODE_HINTS = {
    CodeParagraph.RESPECT: (
        "For example, insulting or belittling a resident, an officer or another councillor."
    ),
    CodeParagraph.BULLYING: (
        "Repeated or intimidating behaviour, or treating someone unfairly because of who they are."
    ),
    CodeParagraph.OFFICERS: "Pressuring council staff to act in a particular way.",
    CodeParagraph.CONFIDENTIALITY: (
        "Sharing information given in confidence, or blocking access to information."
    ),
    CodeParagraph.DISREPUTE: "Behaviour that would make a reasonable person think less of the council.",
    CodeParagraph.POSITION: "Using the role to gain an advantage for themselves or others.",
    CodeParagraph.RESOURCES: "Using council equipment, money or staff for personal or party purposes.",
    CodeParagraph.COMPLYING: "Refusing to take part in, or interfering with, a standards investigation.",
    CodeParagraph.INTERESTS: (
        "Not registering or declaring an interest, or taking part in a decision despite one."
    ),
    CodeParagraph.GIFTS: "Not registering a gift or hospitality worth more than the limit.",
}


class NolanPrinciple(models.TextChoices):
    SELFLESSNESS = "selflessness", "Selflessness"
    INTEGRITY = "integrity", "Integrity"
    OBJECTIVITY = "objectivity", "Objectivity"
    ACCOUNTABILITY = "accountability", "Accountability"
    OPENNESS = "openness", "Openness"
    HONESTY = "honesty", "Honesty"
    LEADERSHIP = "leadership", "Leadership"


NOLAN_HINTS = {
    NolanPrinciple.SELFLESSNESS: "Acting only in the public interest.",
    NolanPrinciple.INTEGRITY: "Not being under obligations that could influence their work.",
    NolanPrinciple.OBJECTIVITY: "Deciding impartially, fairly and on merit.",
    NolanPrinciple.ACCOUNTABILITY: "Answering for decisions and accepting scrutiny.",
    NolanPrinciple.OPENNESS: "Acting and deciding in an open and transparent way.",
    NolanPrinciple.HONESTY: "Being truthful.",
    NolanPrinciple.LEADERSHIP: (
        "Showing these principles in their own behaviour, and challenging poor behaviour."
    ),
}


def labels(choices_class, values) -> list[str]:
    """The labels for stored values, in the order the choices are declared."""
    chosen = set(values or ())
    return [label for value, label in choices_class.choices if value in chosen]
