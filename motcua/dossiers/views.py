from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_search, version_in_force
from motcua.core.forms import add_service_errors
from motcua.org.models import Role
from motcua.org.selectors import user_roles

from . import permissions, previews, printouts, selectors, services
from .actions import Action
from .forms import ActionForm, IntakeForm, _lines
from .models import Attachment, Dossier
from .services import result_attach
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


WORKLIST_LABELS = {
    "mine": _("Assigned to me"),
    "steps": _("At my units"),
    "new": _("New, to check"),
    "due_soon": _("Due within 2 days"),
    "overdue": _("Overdue"),
    "supplement": _("Waiting for supplement"),
    "dispatch": _("To dispatch"),
    "to_return": _("Results to return"),
    "all": _("All"),
}


@staff_required
def workspace(request):
    roles = user_roles(request.user)
    default = "new" if Role.RECEIVING_OFFICER in roles else "steps"
    name = request.GET.get("list", default)
    if name not in WORKLIST_LABELS:
        name = default
    q = request.GET.get("q", "")[:100]
    dossiers = selectors.worklist(request.user, name, q=q)
    context = {
        "lists": WORKLIST_LABELS.items(),
        "current": name,
        "q": q,
        "dossiers": dossiers,
        "can_intake": Role.RECEIVING_OFFICER in roles,
    }
    template = "dossiers/workspace.html#results" if request.headers.get("HX-Request") else "dossiers/workspace.html"
    return render(request, template, context)


@staff_required
def intake(request):
    if Role.RECEIVING_OFFICER not in user_roles(request.user):
        raise PermissionDenied
    code = request.GET.get("procedure") or request.POST.get("procedure")
    procedure = Procedure.objects.filter(code=code, is_active=True).first() if code else None
    if procedure is None:
        q = request.GET.get("q", "")
        results = procedure_search(q=q)[:30] if q else []
        return render(request, "dossiers/intake_choose.html", {"q": q, "results": results})
    from django.utils import timezone

    version = version_in_force(procedure, timezone.localdate())
    if version is None:
        raise Http404
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        version=version,
        initial={"counter": request.session.get("counter")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = _intake(request, procedure, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session["counter"] = form.cleaned_data["counter"].pk  # an officer stays at their counter
            messages.success(request, _("Dossier %(code)s saved.") % {"code": dossier.code})
            return redirect("dossiers:detail", code=dossier.code)
    return render(request, "dossiers/intake.html", {"procedure": procedure, "version": version, "form": form})


def _intake(request, procedure, form) -> Dossier:
    data = form.cleaned_data
    uploads = {doc.pk: request.FILES.get(f"file_{doc.pk}") for doc in form.documents}  # checked by the form
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
        return (action, action.label, forms.get(action) or ActionForm(action=action, dossier=dossier))

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
    return render(request, "dossiers/detail.html", _detail_context(request, dossier))


@staff_required
def act(request, code, action):
    if request.method != "POST" or action not in TRANSITIONS:
        raise Http404
    action = Action(action)
    dossier = _dossier_for(request, code)
    if not permissions.may(request.user, dossier, TRANSITIONS[action]):
        raise PermissionDenied  # the service checks again under the row lock
    form = ActionForm(request.POST, request.FILES, action=action, dossier=dossier)
    if form.is_valid():
        try:
            kwargs = form.service_kwargs()
            if action == Action.ATTACH_RESULT:
                result_attach(
                    actor=request.user, dossier=dossier, uploaded=request.FILES["file"], revision=kwargs["revision"]
                )
            else:
                services.ACTIONS[action](actor=request.user, dossier=dossier, **kwargs)
        except services.StaleDossier as error:
            messages.error(request, str(error))
        except PermissionDenied as error:
            messages.error(request, str(error) or _("You may not do this on this dossier."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            return redirect("dossiers:detail", code=code)
    dossier = _dossier_for(request, code)
    context = _detail_context(request, dossier, forms={action: form} if form.errors else None)
    context["open_action"] = action
    return render(request, "dossiers/detail.html", context, status=200 if not form.errors else 422)


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
            }
    return render(request, "dossiers/lookup.html", context)
