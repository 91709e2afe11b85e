"""What the demo members register: fictional people, places and firms."""

ENTRIES = {
    "morgan-1": [
        ("employment", "Partner, Hale & Rigg Chartered Surveyors, Fellbridge", {}),
        ("land", "Home: 4 Ferry Row, Fellbridge", {}),
        ("influence-bodies", "Member of the Fellbridge Independents", {}),
        ("appointed-bodies", "Council's representative on the Fell Valley Drainage Board", {}),
    ],
    "morgan-2": [
        ("employment", "Practice nurse, Riverside Medical Centre", {"whose": "partner"}),
        (
            "land",
            "A field at Sallow Bank, Fellbridge",
            {"sensitive_reason": "A neighbour dispute over this field has led to threats against my family."},
        ),
        ("charities", "Trustee, Fellbridge Canal Restoration Trust", {}),
    ],
    "dana": [
        ("employment", "Self-employed bookkeeper", {}),
        (
            "land",
            "Home in Castlegate ward",
            {"sensitive_reason": "A former tenant has harassed me at home; the police are involved."},
        ),
        ("securities", "Shares in Castlegate Brewing Co-operative Ltd", {}),
        ("public-bodies", "Governor, Castlegate Primary School", {}),
    ],
    "sam": [
        ("employment", "Retired head teacher", {}),
        ("unpaid-directorships", "Director of a community energy company", {}),
    ],
    "aisha": [
        ("employment", "Pharmacist, Thornleigh Pharmacy", {}),
        ("influence-bodies", "Member of the Fellbridge Green Party", {}),
    ],
    "cohort": [
        ("employment", "Civil engineer, Fell Valley Water", {}),
        ("land", "Home: 17 Mill Lane, Thornleigh", {}),
        ("influence-bodies", "Member of the Thornleigh Allotment Society committee", {}),
    ],
    "paper": [
        ("employment", "Farmer, Ashworth Hill Farm", {}),
        ("land", "Ashworth Hill Farm, Ashworth", {}),
        ("public-bodies", "Member of the Ashworth village hall committee", {}),
    ],
}

# (giver, what, value in pounds, days ago, accepted)
GIFTS = {
    "morgan": [
        ("Fellbridge Chamber of Commerce", "Dinner at the annual business awards", "65.00", 12, True),
        ("Northway Homes Ltd", "Two tickets to a county cricket match", "120.00", 20, False),
        ("Fell Valley Rotary Club", "Lunch after a charity walk", "55.00", 45, True),
    ],
    "dana": [
        ("Castlegate Traders' Association", "A hamper at the Christmas market opening", "60.00", 5, True)
    ],
}
