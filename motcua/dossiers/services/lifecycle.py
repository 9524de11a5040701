"""The engine every dossier action runs through.

`perform` locks the dossier row, refuses a stale revision (two officers on one dossier: exactly one wins),
checks the transition table and the actor's role, applies the action, writes the event and queues the
applicant's notification when the action is a milestone (`notices`) — all in one transaction. The actor is
a person, checked against the transition's roles, or `SYSTEM` (`motcua.core.actors`: the worker, the bank's
callback, the demo and data loading), which the table trusts; there is no third case.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.actors import actor_required, is_system
from motcua.core.errors import Conflict, Refused

from .. import events, notices, permissions
from ..actions import Action, note_is_public
from ..errors import DossierErrorCode
from ..labels import action_label
from ..models import Dossier, DossierEvent
from ..transitions import TRANSITIONS, Transition


class StaleDossier(Conflict):
    """Somebody changed the dossier since the page was loaded."""

    def __init__(self):
        super().__init__(
            _("This dossier was changed by someone else. Reload the page and try again."),
            code=DossierErrorCode.STALE_REVISION,
        )


class ActionNotAllowed(Refused):
    """The transition table or the actor's role refuses the action."""


class InvalidTransition(ValidationError):
    """The action does not apply to the dossier's current state."""


def dossier_lock(dossier_id: int) -> Dossier:
    # Only the two units nearly every action reads are joined: PostgreSQL's planning time grows with every join
    # (seven joins cost ten times the query itself); the rest loads by primary key when an action needs it.
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("receiving_unit", "handling_unit")
        .get(pk=dossier_id)
    )


def perform(action: Action, *, actor, dossier: Dossier, revision: int | None, apply) -> Dossier:
    actor_required(actor)
    transition: Transition = TRANSITIONS[action]
    with transaction.atomic():
        current = dossier_lock(dossier.pk)
        if revision is not None and current.revision != revision:
            raise StaleDossier()
        if current.state not in transition.sources:
            raise InvalidTransition(
                {
                    "action": ValidationError(
                        _("“%(action)s” is not possible while the dossier is “%(state)s”.")
                        % {"action": action_label(action), "state": current.get_state_display()},
                        code=DossierErrorCode.WRONG_STATE,
                    )
                }
            )
        if not is_system(actor) and not permissions.may(actor, current, transition):
            raise ActionNotAllowed(_("You may not do this on this dossier."), code=DossierErrorCode.NOT_ALLOWED)
        before = current.state
        event_fields = apply(current) or {}
        target = event_fields.pop("state", transition.target)  # an action may pick its own next state
        if target is not None:
            current.state = target
        current.revision += 1
        current.save()
        event_write(current, action, actor=actor, from_state=before, **event_fields)
        return current


def event_write(
    dossier,
    action,
    *,
    actor,
    from_state="",
    step=None,
    unit=None,
    receiver="",
    timeliness="",
    note="",
    note_public=False,
    data=None,
    at=None,
) -> DossierEvent:
    """Append `action`'s event to the dossier's timeline; `note_public`: the author made the note visible to the
    applicant (`actions.note_is_public` has the last word). Tells the subscribers, then the applicant if the
    action is a milestone."""
    actor_required(actor)  # SYSTEM's events keep `actor` empty and read "System", as do an anonymous person's
    last = dossier.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    event = DossierEvent.objects.create(
        dossier=dossier,
        seq=last + 1,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        at=at or timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.get_full_name() if actor and actor.is_authenticated else _("System"),
        unit=unit,
        receiver=receiver,
        step=step,
        timeliness=timeliness,
        note=note,
        note_public=bool(note) and note_is_public(action, note_public),
        data=data or {},
    )
    # The subscribers (the reports' daily counters, the portal's outbox, …) move with the event, in its transaction.
    events.written.publish(event)
    notices.milestone_notify(event)
    return event
