"""The one-stop forms as PDF (Circular 01/2018/TT-VPCP, kept by Decree 118/2025): 01 receipt and
appointment, 02 supplement request, 03 refusal, 04 apology, and the process-control sheet. Each carries
the dossier code as a QR code linking to the public lookup (at `MOTCUA_PUBLIC_URL`); form 01 also as a Code-128
barcode, which a desk scanner reads back into the workspace search. The layout is `core/printed-form.html`."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.printing import code128_data_uri, place_and_date, qr_data_uri, render_form_pdf

from . import permissions
from .actions import Action
from .clock import processing_time
from .models import Dossier
from .routing import centre_of
from .selectors import applicant_events, dossier_filing, lookup_link


@dataclass(frozen=True)
class Printout:
    slug: str
    number: str
    title: str
    event_action: tuple[Action, ...]  # the event the form documents ("" : the dossier itself)
    barcode: bool = False  # the dossier code also as a Code-128 barcode


PRINTOUTS = {
    p.slug: p
    for p in [
        Printout("receipt", "01", _("Receipt and appointment slip"), (Action.RECEIVE,), barcode=True),
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


def qr_svg(dossier: Dossier) -> str:
    return qr_data_uri(lookup_link(dossier))


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
        "barcode": code128_data_uri(dossier.code) if printout.barcode else "",
        "code": dossier.code,
        "link": lookup_link(dossier),
        # The date the form is signed: the day of the event it documents, in the centre's province.
        "place_date": place_and_date(centre.province, event.at),
        "footer_ref": dossier.code,
        "printed_at": timezone.localtime(),
    }
    if slug == "control-sheet":  # what was filed and handed in since travels with the sheet
        context["filing"] = dossier_filing(dossier, results=internal or permissions.result_released(dossier))
    return render_form_pdf(f"dossiers/pdf/{slug}.html", context)
