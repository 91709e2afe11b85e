from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training and induction. Its models arrive with the training issue."""

    name = "training"
    verbose_name = "Training and induction"
