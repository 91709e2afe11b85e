from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training and induction: courses, sessions, bookings, completion records and induction packs."""

    name = "training"
    verbose_name = "Training and induction"

    def ready(self):
        from guidance.extensions import register_reading_due
        from training import panels, record_cache, signals  # noqa: F401 - registers dashboard panels and signals
        from training.models import InductionAssignment, InductionItem, InductionPack
        from training.reading_due import induction_reading_due

        register_reading_due(induction_reading_due, reads=(InductionPack, InductionItem, InductionAssignment))
        record_cache.connect()
