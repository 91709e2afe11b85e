"""The register's headings as the law and the LGA Model Code set them, and the roles' permissions.

The wording is ours; an administrator may rename, reorder or retire a heading
in the back office. Running this again changes nothing that already exists.
"""

from django.db import migrations

from portal.roles import sync_roles

PECUNIARY = [
    (
        "employment",
        "Employment, office, trade, profession or vocation",
        "Any work you do for profit or gain: a job, a business of your own, a paid office. Name the "
        "employer or the business and say what you do.",
    ),
    (
        "sponsorship",
        "Sponsorship",
        "Any payment or other financial help (other than from the council) towards your costs as a "
        "member or your election expenses in the last twelve months, including from a trade union.",
    ),
    (
        "contracts",
        "Contracts with the council",
        "Any contract for goods, services or works between the council and you, or a body you have a "
        "beneficial interest in, that has not been fully carried out.",
    ),
    (
        "land",
        "Land in the council's area",
        "Any land or buildings in the area you have a beneficial interest in, your home included. "
        "Give enough to identify it; the public register shows what you write here.",
    ),
    (
        "licences",
        "Licences to occupy land",
        "Any right to occupy land in the area for a month or longer.",
    ),
    (
        "corporate-tenancies",
        "Tenancies where the council is landlord",
        "Any tenancy where the council is the landlord and the tenant is a body you have a beneficial "
        "interest in.",
    ),
    (
        "securities",
        "Shares and other securities",
        "Shares or other securities in a body with a place of business or land in the area, where they "
        "are worth more than £25,000 or more than a hundredth of its issued share capital.",
    ),
]

OTHER = [
    (
        "unpaid-directorships",
        "Unpaid directorships",
        "Any company you are a director of without being paid.",
    ),
    (
        "appointed-bodies",
        "Bodies you sit on for the council",
        "Any body the council appointed or nominated you to.",
    ),
    (
        "public-bodies",
        "Bodies of a public nature",
        "Any body exercising functions of a public nature that you belong to or manage.",
    ),
    (
        "charities",
        "Charities",
        "Any charity you belong to or help to run.",
    ),
    (
        "influence-bodies",
        "Bodies that seek to influence opinion or policy",
        "Any political party, trade union or campaigning group you belong to or help to run.",
    ),
]


def seed_categories(apps, schema_editor):
    Category = apps.get_model("interests", "Category")
    for kind, rows in (("pecuniary", PECUNIARY), ("other", OTHER)):
        for position, (slug, name, guidance) in enumerate(rows, start=1):
            Category.objects.get_or_create(
                slug=slug, defaults={"kind": kind, "name": name, "guidance": guidance, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("interests", "0001_registers"),
        ("portal", "0011_merge_20261129_2109"),
    ]

    operations = [
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
