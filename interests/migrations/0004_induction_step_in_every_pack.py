"""Every induction pack gets the step "Register of interests: fill in and submit it" (issue 16).

A new member must register their interests within 28 days of becoming a member,
so the step goes at the end of each pack that lacks it, due after 28 days.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Max

STEP_KEY = "interests_register_submitted"


def add_step(apps, schema_editor):
    InductionPack = apps.get_model("training", "InductionPack")
    InductionItem = apps.get_model("training", "InductionItem")
    days = getattr(settings, "INTERESTS_REGISTRATION_DAYS", 28)
    for pack in InductionPack.objects.exclude(items__step=STEP_KEY).annotate(last=Max("items__position")):
        InductionItem.objects.create(
            pack=pack, position=(pack.last if pack.last is not None else -1) + 1, step=STEP_KEY, due_days=days
        )


def remove_step(apps, schema_editor):
    apps.get_model("training", "InductionItem").objects.filter(step=STEP_KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interests", "0003_gift_declared_index"),
        ("training", "0007_induction_item_step"),
    ]

    operations = [migrations.RunPython(add_step, remove_step)]
