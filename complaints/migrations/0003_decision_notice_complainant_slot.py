"""Decision notices stop freezing the complainant's label into their text.

Each existing parties' text gets the slot where it named the complainant (or said their
name was withheld), so the label is worked out from the confidentiality decision in force
whenever the notice is shown or sent.
"""

from django.db import migrations

SLOT = "[[complainant]]"
WITHHELD_LABEL = "the complainant (whose name has been withheld)"


def add_slot(apps, schema_editor):
    DecisionNotice = apps.get_model("complaints", "DecisionNotice")
    notices = DecisionNotice.objects.filter(complaint__anonymised_at__isnull=True).select_related("complaint")
    for notice in notices.iterator():
        text = notice.text.replace(WITHHELD_LABEL, SLOT)
        name = notice.complaint.complainant_name.strip()
        if name:
            text = text.replace(name, SLOT)
        if text != notice.text:
            notice.text = text
            notice.save(update_fields=["text"])


def remove_slot(apps, schema_editor):
    DecisionNotice = apps.get_model("complaints", "DecisionNotice")
    for notice in DecisionNotice.objects.filter(text__contains=SLOT).select_related("complaint").iterator():
        complaint = notice.complaint
        label = WITHHELD_LABEL if complaint.confidentiality == "granted" else complaint.complainant_name
        notice.text = notice.text.replace(SLOT, label)
        notice.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_roles")]

    operations = [migrations.RunPython(add_slot, remove_slot)]
