from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training and induction: courses, sessions, bookings, completion records and induction packs."""

    name = "training"
    verbose_name = "Training and induction"

    def ready(self):
        from training import panels, signals  # noqa: F401 - registers dashboard panels and signals
