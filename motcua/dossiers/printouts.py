"""The one-stop forms as PDF (Circular 01/2018/TT-VPCP, kept by Decree 118/2025): 01 receipt and
appointment, 02 supplement request, 03 refusal, 04 apology, and the process-control sheet. Each carries
the dossier code as a QR code linking to the public lookup."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML

from motcua.core import conf as core_conf

from .actions import Action
from .clock import processing_time
from .models import Dossier
from .routing import centre_of
from .selectors import applicant_events


@dataclass(frozen=True)
class Printout:
    slug: str
    number: str
    title: str
    event_action: tuple[Action, ...]  # the event the form documents ("" : the dossier itself)


PRINTOUTS = {
    p.slug: p
    for p in [
        Printout("receipt", "01", _("Receipt and appointment slip"), (Action.RECEIVE,)),
        Printout(
            "supplement",
            "02",
            _("Request to supplement the dossier"),
            (Action.REQUEST_SUPPLEMENT_AT_DESK, Action.REQUEST_SUPPLEMENT),
        ),
        Printout("refusal", "03", _("Refusal to receive the dossier"), (Action.REFUSE_INTAKE,)),
        Printout("apology", "04", _("Apology and new appointment"), (Action.APOLOGISE,)),
        Printout("control-sheet", "05", _("Process-control sheet"), (Action.RECEIVE,)),
    ]
}


def public_link(dossier: Dossier) -> str:
    return f"{core_conf.public_url()}/lookup/?code={dossier.code}"


def qr_svg(dossier: Dossier) -> str:
    return segno.make(public_link(dossier), error="m").svg_data_uri(scale=3, border=1)


def available(dossier: Dossier, events) -> list[Printout]:
    actions = {e.action for e in events}
    return [p for p in PRINTOUTS.values() if actions & set(p.event_action)]


def sheet_events(dossier: Dossier, *, internal: bool) -> list:
    """The events a printout lists: staff see who took each step (all but claims); the applicant's copy
    leaves out the internal steps of the work and internal notes (`selectors.applicant_events`)."""
    events = dossier.events.select_related("actor", "unit", "step").order_by("seq")
    return [e for e in events if e.action != Action.CLAIM] if internal else applicant_events(events)


def pdf_response(dossier: Dossier, slug: str, *, internal: bool) -> HttpResponse:
    """The form as a PDF shown in the browser, named after the dossier."""
    response = HttpResponse(render_pdf(dossier, slug, internal=internal), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{slug}.pdf"'
    return response


def render_pdf(dossier: Dossier, slug: str, *, internal: bool) -> bytes:
    """The form `slug` of `dossier`; `internal`: the staff's copy, else the applicant's."""
    printout = PRINTOUTS.get(slug)
    if printout is None:
        raise Http404
    events = sheet_events(dossier, internal=internal)
    event = next((e for e in reversed(events) if e.action in printout.event_action), None)
    if event is None:
        raise Http404
    centre = centre_of(dossier.receiving_unit)
    time = processing_time(dossier)
    context = {
        "dossier": dossier,
        "printout": printout,
        "event": event,
        "events": events,
        "documents": dossier.documents.all(),
        "processing_time": time,
        "authority": (centre.parent.name if centre.parent_id else "").upper(),
        "office": dossier.receiving_unit.name.upper(),
        "qr": qr_svg(dossier),
        "link": public_link(dossier),
        "printed_at": timezone.localtime(),
    }
    with translation.override("vi"):  # official forms are in Vietnamese whatever the reader's language
        html = render_to_string(f"dossiers/pdf/{slug}.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
