"""Background work for training: the reminder run, for a scheduler to enqueue (e.g. hourly)."""

from django.tasks import task


@task()
def send_training_reminders():
    """Send session reminders (two days ahead) and induction reminders; each goes once."""
    from training.services import reminders_send

    return reminders_send()
