from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_search, version_in_force
from motcua.core.forms import PENDING_FIELD, add_service_errors
from motcua.org.models import Role
from motcua.org.selectors import user_roles

from . import permissions, previews, printouts, selectors, services
from .actions import Action
from .forms import ActionForm, IntakeForm, _lines
from .models import Attachment, Dossier
from .services import result_attach
from .services.counter import IntakeOutcome
from .states import State
from .transitions import TRANSITIONS


def staff_required(view):
    """The workspace is for staff with a processing role; applicants use the portal pages, and administrators
    (who read no dossier) the admin."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.is_processing_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@staff_required
def workspace(request):
    """The worklists, each tab with its count; a search looks through every dossier the user reads, and a term
    that is exactly the code of one (what a barcode scanner types, then Enter) opens that dossier."""
    roles = user_roles(request.user)
    default = selectors.Worklist.NEW if Role.RECEIVING_OFFICER in roles else selectors.Worklist.STEPS
    name = request.GET.get("list", default)
    if name not in selectors.Worklist.values:
        name = default
    q = request.GET.get("q", "").strip()[:100]
    htmx = bool(request.headers.get("HX-Request"))
    live = bool(request.GET.get("live"))  # typed so far (htmx, as the officer types), not yet submitted
    if q and not live:
        found = selectors.readable_by_code(request.user, q)
        if found is not None:
            url = reverse("dossiers:detail", args=[found.code])
            return HttpResponse(headers={"HX-Redirect": url}) if htmx else redirect(url)
    context = {"current": name, "q": q, "dossiers": selectors.worklist(request.user, name, q=q)}
    if htmx:
        response = render(request, "dossiers/workspace.html#results", context)
        if live:  # the address bar shows the search, as if submitted
            response["HX-Replace-Url"] = f"{request.path}?{urlencode({'list': name, 'q': q})}"
        return response
    counts = selectors.worklist_counts(request.user)
    context |= {
        "lists": [(w.value, w.label, selectors.count_label(counts[w.value])) for w in selectors.Worklist],
        "can_intake": Role.RECEIVING_OFFICER in roles,
    }
    return render(request, "dossiers/workspace.html", context)


def _receiving_officer(request) -> None:
    if Role.RECEIVING_OFFICER not in user_roles(request.user):
        raise PermissionDenied


@staff_required
def intake(request):
    _receiving_officer(request)
    code = request.GET.get("procedure") or request.POST.get("procedure")
    procedure = Procedure.objects.filter(code=code, is_active=True).first() if code else None
    if procedure is None:
        q = request.GET.get("q", "")
        results = procedure_search(q=q)[:30] if q else []
        return render(request, "dossiers/intake_choose.html", {"q": q, "results": results})
    version = version_in_force(procedure, timezone.localdate())
    if version is None:
        raise Http404
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = _intake(request, procedure, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form.release_uploads()
            messages.success(request, _("Dossier %(code)s saved.") % {"code": dossier.code})
            if form.cleaned_data["outcome"] == IntakeOutcome.RECEIVE:
                request.session[PRINT_RECEIPT] = dossier.code  # the dossier page opens its receipt, once
            return redirect("dossiers:detail", code=dossier.code)
    if request.method == "POST":
        form.keep_uploads()  # the scans that passed their checks wait for the corrected form
    return render(request, "dossiers/intake.html", {"procedure": procedure, "version": version, "form": form})


# The session key naming the dossier whose receipt its page opens for printing (set by a counter intake received).
PRINT_RECEIPT = "print_receipt"

# The commune pickers of the intake form, and whether the field may stay empty.
COMMUNE_FIELDS = {"commune": False, "applicant_commune": True}


@staff_required
def intake_communes(request):
    """The options of an intake form's commune picker for what was typed in its search box (htmx): the matches,
    the current choice kept if it is one of them, else the first selected."""
    _receiving_officer(request)
    field = request.GET.get("field")
    if field not in COMMUNE_FIELDS:
        field = "commune"
    q = request.GET.get("q", "")[:100]
    communes = list(selectors.intake_communes(request.user, q)[:COMMUNE_OPTIONS])
    selected = request.GET.get(field, "")
    if q.strip() and communes and selected not in {c.code for c in communes}:
        selected = communes[0].code
    context = {"communes": communes, "selected": selected, "blank": COMMUNE_FIELDS[field]}
    return render(request, "dossiers/commune_options.html", context)


COMMUNE_OPTIONS = 500  # more than any province has


def _intake(request, procedure, form) -> Dossier:
    data = form.cleaned_data
    # New scans (checked by the form) or those kept after an earlier validation error.
    uploads = {doc.pk: data.get(f"file_{doc.pk}") for doc in form.documents}
    return services.dossier_receive_at_counter(
        actor=request.user,
        procedure=procedure,
        counter=data["counter"],
        commune=data["commune"],
        applicant=form.applicant(),
        case_code=data.get("case") or "",
        documents=[
            services.PresentedDocument(
                doc.pk,
                data.get(f"orig_{doc.pk}") or 0,
                data.get(f"copy_{doc.pk}") or 0,
                bool(data.get(f"doc_{doc.pk}")),
            )
            for doc in form.documents
        ],
        scans={pk: upload for pk, upload in uploads.items() if upload is not None},
        outcome=data["outcome"],
        items=_lines(data["items"]),
        reasons=_lines(data["reasons"]),
    )


def _dossier_for(request, code) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "procedure",
            "version",
            "case",
            "receiving_unit",
            "handling_unit",
            "commune",
            "counter",
            "current_step__unit",
            "current_step__assignee",
            "applicant_commune",
        ),
        code=code,
    )
    if not permissions.reads(request.user, dossier):
        raise Http404  # do not tell other units which codes exist
    return dossier


def _detail_context(request, dossier, forms=None):
    ranked = permissions.ranked_actions(request.user, dossier)
    forms = forms or {}

    def entry(action):
        return (
            action,
            action.label,
            forms.get(action) or ActionForm(action=action, dossier=dossier, user=request.user),
        )

    events = list(dossier.events.select_related("unit").order_by("seq"))
    filing = selectors.dossier_filing(dossier)
    return {
        "dossier": dossier,
        "events": events,
        "steps": dossier.steps.select_related("unit", "assignee"),
        "filing": filing,
        "primary": entry(ranked.primary) if ranked.primary else None,
        "actions": [entry(a) for a in ranked.others],
        "destructive": [entry(a) for a in ranked.destructive],
        "printouts": printouts.available(dossier, events),
        "ratable": dossier.state == State.RETURNED,
    }


@staff_required
def detail(request, code):
    dossier = _dossier_for(request, code)
    context = _detail_context(request, dossier)
    if request.session.get(PRINT_RECEIPT) == dossier.code:  # just received at the counter: print its receipt
        context["print_receipt"] = request.session.pop(PRINT_RECEIPT)
    return render(request, "dossiers/detail.html", context)


@staff_required
def act(request, code, action):
    if request.method != "POST" or action not in TRANSITIONS:
        raise Http404
    action = Action(action)
    dossier = _dossier_for(request, code)
    if not permissions.may(request.user, dossier, TRANSITIONS[action]):
        raise PermissionDenied  # the service checks again under the row lock
    form = ActionForm(request.POST, request.FILES, action=action, dossier=dossier, user=request.user)
    refused = False
    if form.is_valid():
        try:
            kwargs = form.service_kwargs()
            if action == Action.ATTACH_RESULT:
                result_attach(
                    actor=request.user, dossier=dossier, uploaded=form.cleaned_data["file"], revision=kwargs["revision"]
                )
            else:
                services.ACTIONS[action](actor=request.user, dossier=dossier, **kwargs)
        except services.StaleDossier as error:
            messages.error(request, str(error))
            refused = True
        except PermissionDenied as error:
            messages.error(request, str(error) or _("You may not do this on this dossier."))
            refused = True
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form.release_uploads()
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            return redirect("dossiers:detail", code=code)
    form.keep_uploads()  # a result file that passed its checks waits for the next try
    dossier = _dossier_for(request, code)
    if refused and form.pending:  # the page was stale: a fresh form, with the kept file
        form = ActionForm(
            action=action, dossier=dossier, user=request.user, initial={PENDING_FIELD: form.pending_token}
        )
    context = _detail_context(request, dossier, forms={action: form} if form.errors or form.pending else None)
    context["open_action"] = action
    return render(request, "dossiers/detail.html", context, status=200 if not form.errors else 422)


# The dossier page prints the receipt through a frame of its own (print_receipt.html): the forms may be framed by
# this site's pages, by no other.
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
@staff_required
def printout(request, code, slug):
    return printouts.pdf_response(_dossier_for(request, code), slug, internal=True)


@staff_required
def attachment(request, code, pk):
    dossier = _dossier_for(request, code)
    item = get_object_or_404(Attachment, pk=pk, dossier=dossier)
    return FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.original_name)


@staff_required
def attachment_preview(request, code, pk):
    """The first page of a file as a small image (a placeholder when it has none); the browser keeps it a day."""
    dossier = _dossier_for(request, code)
    item = get_object_or_404(Attachment, pk=pk, dossier=dossier)
    etag = f'"{previews.preview_key(item)}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        image = previews.preview_jpeg(item)
        if image is None:
            response = HttpResponse(previews.placeholder_svg(item), content_type="image/svg+xml")
        else:
            response = HttpResponse(image, content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    return response


def lookup(request):
    code = request.GET.get("code", "").strip()[:48]
    context = {"code": code}
    if code:
        try:
            dossier = selectors.public_lookup(request, code)
        except selectors.LookupRefused as refused:
            context["error"] = refused.message
            return render(request, "dossiers/lookup.html", context, status=429)
        if dossier is None:
            context["error"] = _("No dossier has this code. Check the code on your receipt.")
        else:
            context |= {
                "dossier": dossier,
                "masked_name": selectors.mask_name(dossier.applicant_name),
                "events": selectors.public_timeline(dossier),
                "missing": selectors.supplement_missing(dossier),
            }
    return render(request, "dossiers/lookup.html", context)
