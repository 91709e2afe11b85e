"""Give new members their induction pack as soon as they are added.

A signal rather than a call in portal.services, because members are added in
several places (the back office, the CSV import, the demo data) that the
training app does not own.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.models import Member


@receiver(post_save, sender=Member, dispatch_uid="training_induction_for_new_member")
def give_new_member_their_induction(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.status != Member.Status.ACTIVE:
        return
    from training.services import induction_assign_new_member

    induction_assign_new_member(member=instance)
