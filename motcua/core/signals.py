"""Receivers of the kernel's own models, connected in `CoreConfig.ready()`."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarOverride
from .working_time import forget_overrides


@receiver([post_save, post_delete], sender=CalendarOverride)
def calendar_changed(**kwargs) -> None:
    forget_overrides()  # this process sees the change at once…
    transaction.on_commit(forget_overrides)  # …and does not keep what it read before the commit
