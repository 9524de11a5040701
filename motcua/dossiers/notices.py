"""What the applicant is told, and when: one message per milestone (`actions.MILESTONES`), queued in the
notifications outbox inside the event's transaction (`services.lifecycle.event_write` calls `milestone_notify`).

Each milestone has its templates, `dossiers/templates/dossiers/notices/<milestone>.txt`: the email's body, with
the partials `subject` and `sms`. Messages are written in the site's language (Vietnamese), name the dossier
code and link to it: the applicant's own page for a dossier a citizen filed online, the public lookup for
everyone else. They carry only what the applicant may read: public notes (`DossierEvent.note_public`)."""

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from motcua.accounts.models import AccountKind
from motcua.core import conf as core_conf
from motcua.notifications.services import notify

from .actions import MILESTONES, Milestone
from .models import Dossier, DossierEvent
from .selectors import lookup_link


def supplement_items(event: DossierEvent) -> list[str]:
    """The missing items a supplement request lists (stored in the event's data)."""
    return list((event.data or {}).get("missing") or [])


def dossier_link(dossier: Dossier) -> str:
    """The address the applicant follows the dossier at: their page if they filed it online as a citizen, else
    the public lookup with the code filled in."""
    base = core_conf.public_url()
    filer = dossier.submitted_by
    if filer is not None and filer.kind == AccountKind.CITIZEN:
        return base + reverse("portal:my_dossier", args=[dossier.code])
    return lookup_link(dossier)


def _moment(value) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _amount(value) -> str:
    return f"{int(value):,}".replace(",", ".") if value is not None else ""


def notice_context(event: DossierEvent) -> dict:
    dossier = event.dossier
    data = event.data or {}
    return {
        "code": dossier.code,
        "procedure": dossier.version.name,
        "applicant": dossier.applicant_name,
        "centre": dossier.receiving_unit.name,
        "link": dossier_link(dossier),
        "due": _moment(dossier.due_at),
        "items": supplement_items(event),
        "reasons": list(data.get("reasons") or []),
        "amount": _amount(data.get("amount")),
        "new_due": _moment(data.get("new_due")),
        "note": event.note if event.note_public else "",
    }


def notice_render(milestone: Milestone, context: dict) -> dict[str, str]:
    """The subject, body and SMS of `milestone`'s message, in the site's language."""
    name = f"dossiers/notices/{milestone}.txt"
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "subject": " ".join(render_to_string(f"{name}#subject", context).split()),
            "body": render_to_string(name, context).strip() + "\n",
            "sms": " ".join(render_to_string(f"{name}#sms", context).split()),
        }


def milestone_notify(event: DossierEvent, *, now: datetime | None = None) -> list:
    """Queue the applicant's email and SMS if `event` is a milestone and the dossier has an address."""
    milestone = MILESTONES.get(event.action)
    dossier = event.dossier
    if milestone is None or not (dossier.email or dossier.phone):
        return []
    message = notice_render(milestone, notice_context(event))
    return notify(dossier=dossier, email=dossier.email, phone=dossier.phone, now=now or event.at, **message)
