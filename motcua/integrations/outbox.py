"""Writing the portal's outbox: from the event hook (same transaction as the change), the backfill, a retry."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from motcua.dossiers.models import DossierEvent

from .models import MessageStatus, PortalMessage
from .payload import FLAG_ACTIONS, build_payload, dossier_facts

# The events the portal hears about, as a query (the backfill) and as a test on one event (the hook).
PORTAL_EVENTS = ~Q(from_state=F("to_state")) | Q(action__in=FLAG_ACTIONS)


def is_portal_event(event: DossierEvent) -> bool:
    return event.from_state != event.to_state or event.action in FLAG_ACTIONS


def portal_enqueue(event: DossierEvent, *, new: bool = False) -> bool:
    """Queue `event` for the portal if it changes what the portal shows. Call it inside the transaction that
    writes the event, so the message exists exactly when the change does. Returns whether a message was
    queued; an event already queued is left alone. `new`: the event was just written, so it cannot be queued
    yet (saves a query on every action)."""
    if not is_portal_event(event):
        return False
    if not new and PortalMessage.objects.filter(event_id=event.pk).exists():  # before the payload's queries
        return False
    message = PortalMessage(
        dossier_id=event.dossier_id,
        event=event,
        payload=build_payload(dossier_facts(event.dossier), event),
        next_attempt_at=timezone.now(),
    )
    # A concurrent enqueue of the same event (hook and backfill) loses quietly on the unique event.
    PortalMessage.objects.bulk_create([message], ignore_conflicts=True)
    return True


def portal_enqueue_new(event: DossierEvent) -> None:
    """The dossier-event subscriber (registered in `IntegrationsConfig.ready()`): queue the event just written."""
    portal_enqueue(event, new=True)


def portal_backfill(*, page: int = 1000, now=None) -> int:
    """Queue every past event the portal has not heard about; pages of `page` events, keyset by event id,
    one transaction per page (an interrupted backfill resumes where it stopped). Returns how many."""
    now = now or timezone.now()
    missing = (
        DossierEvent.objects.filter(PORTAL_EVENTS, portal_message__isnull=True)
        .select_related("dossier__procedure", "dossier__receiving_unit", "dossier__handling_unit")
        .order_by("pk")
    )
    last_id, queued = 0, 0
    while events := list(missing.filter(pk__gt=last_id)[:page]):
        facts = {}
        messages = []
        for event in events:
            if event.dossier_id not in facts:
                facts[event.dossier_id] = dossier_facts(event.dossier)
            messages.append(
                PortalMessage(
                    dossier_id=event.dossier_id,
                    event=event,
                    payload=build_payload(facts[event.dossier_id], event),
                    next_attempt_at=now,
                )
            )
        with transaction.atomic():
            PortalMessage.objects.bulk_create(messages, ignore_conflicts=True)
        queued += len(messages)
        last_id = events[-1].pk
    return queued


def portal_retry_dead(*, ids=None, now=None) -> int:
    """Give dead messages (all, or those in `ids`) a fresh schedule: due now, attempts from zero."""
    dead = PortalMessage.objects.filter(status=MessageStatus.DEAD)
    if ids is not None:
        dead = dead.filter(pk__in=ids)
    return dead.update(status=MessageStatus.PENDING, next_attempt_at=now or timezone.now(), attempts=0)
