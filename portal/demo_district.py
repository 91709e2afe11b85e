"""The fictional Fellbridge district that ``seed_demo`` loads: its groups, wards, people and committees.

Everyone here is made up.
"""

from portal.models import Authority

GROUPS = [
    "Fellbridge Independents",
    "Progressive Alliance",
    "Community First",
    "Green Valleys Party",
    "Civic Reform Group",
]

# (ward, seats): 40 seats in 14 wards.
WARDS = [
    ("Abbeyfield", 3),
    ("Brackenhill", 3),
    ("Castlegate", 3),
    ("Dunmere", 2),
    ("Eastwick", 3),
    ("Fellside", 3),
    ("Greystone", 3),
    ("Hillside", 3),
    ("Hollinwood", 3),
    ("Lowfold", 2),
    ("Millbeck", 3),
    ("Northgate", 3),
    ("Riverside", 3),
    ("Thornleigh", 3),
]

# Serving councillors who do not sign in as demo logins, in seat order.
COUNCILLOR_NAMES = [
    "Eleanor Ashby",
    "Bernard Okoye",
    "Siobhan Gallagher",
    "Rajesh Patel",
    "Gwen Llewellyn",
    "Thomas Fairbairn",
    "Mei Lin Chow",
    "Callum Mackie",
    "Fatima Hussain",
    "George Whitaker",
    "Olu Adeyemi",
    "Harriet Pembleton",
    "Declan Byrne",
    "Priti Desai",
    "Ewan Kerr",
    "Margaret Thornton",
    "Kwame Mensah",
    "Rosalind Hart",
    "Stefan Kowalski",
    "Bethan Pryce",
    "Imran Siddiqui",
    "Lucy Armitage",
    "Nathaniel Cole",
    "Zainab Malik",
    "Alastair Reid",
    "Carys Morgan",
    "Dominic Ferreira",
    "Helen Brierley",
    "Ivan Petrov",
    "Julia Svensson",
    "Kieran Doyle",
    "Leah Goldberg",
    "Marcus Boateng",
    "Nadia Haddad",
    "Owen Trevithick",
    "Sunita Rao",
]
# Councillors Member Support has no email address for yet.
WITHOUT_EMAIL = {"Bernard Okoye", "Margaret Thornton", "Owen Trevithick"}
# Councillors who have never been invited to sign in.
NOT_INVITED = {"Rosalind Hart", "Ivan Petrov", "Sunita Rao", "Kieran Doyle"}
# Councillors invited recently who have not signed in yet.
AWAITING_FIRST_SIGN_IN = {"Carys Morgan", "Dominic Ferreira", "Leah Goldberg"}

PARISHES = [
    # (name, slug, kind, clerk, clerk email, number of members)
    ("Ashworth Parish Council", "ashworth", Authority.Kind.PARISH, "Linda Marsh", 6),
    ("Brindle Town Council", "brindle", Authority.Kind.TOWN, "Peter Okonkwo", 8),
    ("Coldharbour Parish Council", "coldharbour", Authority.Kind.PARISH, "Janet Ellery", 5),
    ("Elmstead Parish Council", "elmstead", Authority.Kind.PARISH, "Graham Tully", 7),
    ("Kirkby Moor Town Council", "kirkby-moor", Authority.Kind.TOWN, "Sandra Pike", 6),
]
PARISH_FIRST_NAMES = [
    "Alan", "Beatrice", "Colin", "Deborah", "Edwin", "Frances", "Gareth", "Hannah", "Isaac",
    "Joan", "Keith", "Lorna", "Mohammed", "Nina", "Oliver", "Pauline", "Quentin", "Rhiannon",
    "Sanjay", "Tessa", "Umar", "Valerie", "Wendell", "Yvonne", "Zoltan", "Agnes", "Barry",
]  # fmt: skip
PARISH_LAST_NAMES = [
    "Abbott", "Bainbridge", "Chadwick", "Dixon", "Egan", "Fletcher", "Grainger", "Holroyd",
    "Iqbal", "Jowett", "Kaur", "Lister", "Mahmood", "Nuttall", "Ormerod", "Pickles", "Quayle",
    "Rushworth", "Sutcliffe", "Tattersall", "Uddin", "Varley", "Wadsworth", "Yeadon",
]  # fmt: skip

# (name, slug, seats for councillors, description)
COMMITTEES = [
    ("Cabinet", "cabinet", 7, "The Leader and the portfolio holders, who take executive decisions."),
    ("Planning Committee", "planning", 11, "Decides planning applications referred to it."),
    ("Licensing Committee", "licensing", 10, "Alcohol, entertainment, taxi and gambling licensing."),
    (
        "Overview and Scrutiny Committee",
        "overview-and-scrutiny",
        9,
        "Reviews the Cabinet's decisions and the council's performance.",
    ),
    ("Audit Committee", "audit", 7, "Oversees risk, internal control and the accounts."),
    ("Standards Committee", "standards", 7, "Promotes high standards of conduct and hears complaints."),
]
