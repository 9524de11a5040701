"""Pages for citizens and agents: file online, follow their dossiers, their data store, their profile."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import IDENTITY_NOT_VERIFIED, AccountKind
from motcua.catalog.models import Channel, OnlineLevel, Procedure
from motcua.catalog.selectors import procedure_search, version_in_force
from motcua.core import conf as core_conf
from motcua.core.files import discarding_files
from motcua.core.forms import PENDING_FIELD, add_service_errors, id_param
from motcua.datastore.services import document_for, document_upload, documents_of
from motcua.dossiers import permissions, printouts, services
from motcua.dossiers.actions import Action
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier
from motcua.dossiers.selectors import applicant_events
from motcua.dossiers.states import State
from motcua.payments.fees import fees_for
from motcua.payments.fees import total as fees_total

from .citizen_forms import FilingForm, ProfileForm, SupplementForm, UploadForm, WithdrawForm
from .filing import filing_refusal, online_file
from .models import FilingDraft


def applicant_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.kind not in (AccountKind.CITIZEN, AccountKind.AGENT):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@applicant_required
def file_choose(request):
    q = request.GET.get("q", "")[:100]
    procedures = procedure_search(q=q).exclude(online_level=OnlineLevel.NONE)[:30]
    drafts = request.user.drafts.select_related("procedure")[:10]
    return render(request, "portal/citizen/file_choose.html", {"q": q, "procedures": procedures, "drafts": drafts})


@applicant_required
def file_procedure(request, code):
    procedure = get_object_or_404(Procedure.objects.exclude(online_level=OnlineLevel.NONE), code=code, is_active=True)
    version = version_in_force(procedure, timezone.localdate())
    if version is None:
        raise Http404
    draft = None
    if given := request.GET.get("draft") or request.POST.get("draft"):
        draft = get_object_or_404(FilingDraft, pk=id_param(given) or 0, user=request.user, procedure=procedure)
    if refusal := filing_refusal(request.user):
        messages.warning(request, refusal)
        return redirect("portal:profile" if request.user.kind == AccountKind.CITIZEN else "portal:home")
    initial = {}
    if draft:
        initial = dict(draft.data) | {f"stored_{k}": v for k, v in draft.documents.items()}
    form = FilingForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        version=version,
        province_code=core_conf.province_code(),
        initial=initial,
        draft="save" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        if "save" in request.POST:
            return _save_draft(request, procedure, form, draft)  # the files go to the data store
        try:
            dossier = online_file(
                actor=request.user,
                procedure=procedure,
                commune=form.cleaned_data["commune"],
                applicant=form.applicant(),
                form_data=form.form_data(),
                case_code=form.cleaned_data.get("case") or "",
                stored=form.stored(),
                uploads=form.uploads(),
                authorisation=form.cleaned_data.get("authorisation"),
            ).dossier
        except ValidationError as error:
            _errors_to_form(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            form.release_uploads()
            if draft:
                draft.delete()
            messages.success(
                request, _("Dossier %(code)s submitted. Keep this code to follow it.") % {"code": dossier.code}
            )
            return redirect("portal:my_dossier", code=dossier.code)
    if request.method == "POST":
        form.keep_uploads()  # the files that passed their checks wait for the corrected form
    context = {"procedure": procedure, "version": version, "form": form, "draft": draft} | _fees(version, form)
    return render(request, "portal/citizen/file.html", context)


def _fees(version, form) -> dict:
    """The fee summary of the filing page: `payments.fees` on the case and e-form answers given so far — the
    function that prices the dossier once filed, so the summary is what the dossier and its receipt will show."""
    declaration = form.declaration()  # cleans a bound form
    case = form.cleaned_data.get("case") if form.is_bound else form["case"].value()
    lines = fees_for(version, case or "", channel=Channel.ONLINE, declaration=declaration)
    return {"fee_lines": lines, "fee_total": fees_total(lines), "fee_inputs": form.fee_inputs()}


@applicant_required
def file_fees(request, code):
    """The filing page's fee summary for the answers so far (htmx, on every change of a field that prices a fee):
    read-only, for the applicant accounts that may open the filing page."""
    procedure = get_object_or_404(Procedure.objects.exclude(online_level=OnlineLevel.NONE), code=code, is_active=True)
    version = version_in_force(procedure, timezone.localdate())
    if version is None:
        raise Http404
    form = FilingForm(
        request.GET, user=request.user, version=version, province_code=core_conf.province_code(), draft=True
    )
    return render(request, "portal/citizen/file_fees.html", _fees(version, form))


def _errors_to_form(form, error: ValidationError) -> None:
    """The filing service names e-form answers `form.<key>`; the page's fields are `f_<key>`, or the applicant
    field for the e-form's identity properties."""
    add_service_errors(form, error, form.service_field)


def _save_draft(request, procedure, form, draft):
    with discarding_files(), transaction.atomic():
        documents = {
            str(doc.pk): chosen.pk for doc in form.documents if (chosen := form.cleaned_data.get(f"stored_{doc.pk}"))
        }
        for doc in form.documents:  # uploads go to the data store, so the draft can point at them
            if upload := form.cleaned_data.get(f"upload_{doc.pk}"):
                documents[str(doc.pk)] = document_upload(actor=request.user, uploaded=upload, title=doc.name).pk
        draft = draft or FilingDraft(user=request.user, procedure=procedure)
        draft.data, draft.documents = form.draft_data(), documents
        draft.save()
    form.release_uploads()
    messages.success(request, _("Draft saved. You can finish it later from “File online”."))
    return redirect(f"{request.path}?draft={draft.pk}")


@applicant_required
def my_dossiers(request):
    dossiers = (
        Dossier.objects.filter(submitted_by=request.user).select_related("procedure").order_by("-submitted_at")[:100]
    )
    return render(request, "portal/citizen/my_dossiers.html", {"dossiers": dossiers})


def _own_dossier(request, code) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "version", "receiving_unit"), code=code)
    if not permissions.is_applicant(request.user, dossier):
        raise Http404
    return dossier


@applicant_required
def my_dossier(request, code):
    dossier = _own_dossier(request, code)
    supplement_form = SupplementForm(user=request.user, initial={"revision": dossier.revision})
    kept = None  # a supplement form sent with errors: its accepted files wait for the next try
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "supplement":
                supplement_form = kept = SupplementForm(request.POST, request.FILES, user=request.user)
                if supplement_form.is_valid():
                    services.dossier_answer_supplement(actor=request.user, dossier=dossier, **supplement_form.answer())
                    supplement_form.release_uploads()
                    messages.success(request, _("Supplement sent. The processing time starts again."))
                    return redirect("portal:my_dossier", code=code)
            elif action == Action.WITHDRAW:
                withdraw_form = WithdrawForm(request.POST)
                if withdraw_form.is_valid():
                    services.dossier_withdraw(
                        actor=request.user,
                        dossier=dossier,
                        reason=withdraw_form.cleaned_data["reason"].strip()
                        or _("The applicant withdrew the dossier online."),
                        revision=withdraw_form.cleaned_data["revision"],
                    )
                    messages.success(request, _("The dossier was withdrawn."))
                    return redirect("portal:my_dossier", code=code)
                messages.error(request, _("The page was incomplete; reload it and try again."))
                status = 400
        except services.StaleDossier as error:
            messages.error(request, str(error))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    if kept is not None:
        kept.keep_uploads()
        if kept.is_valid():  # the service refused a valid form (a stale page): a fresh form with the kept file
            supplement_form = SupplementForm(
                user=request.user, initial={"revision": dossier.revision, PENDING_FIELD: kept.pending_token}
            )
    events = list(dossier.events.select_related("unit").order_by("seq"))  # one read for the timeline and the rest
    shown = applicant_events(events)  # public notes only
    asked = [e for e in shown if e.action in (Action.REQUEST_SUPPLEMENT, Action.REQUEST_SUPPLEMENT_AT_DESK)]
    actions = permissions.available_actions(request.user, dossier)
    released = permissions.result_released(dossier)
    context = {
        "dossier": dossier,
        "events": shown,
        "missing": asked[-1] if asked else None,
        "supplement_form": supplement_form,
        "results": dossier.attachments.filter(kind=AttachmentKind.RESULT) if released else [],
        "printouts": printouts.available(dossier, events),
        "can_withdraw": Action.WITHDRAW in actions,
        "can_supplement": Action.RECEIVE_SUPPLEMENT in actions,
        "withdraw_action": Action.WITHDRAW,
        "ratable": dossier.state == State.RETURNED,
    }
    return render(request, "portal/citizen/my_dossier.html", context, status=status)


@applicant_required
def my_dossier_file(request, code, pk):
    """A file of the applicant's dossier: what they uploaded, and the result once it is issued."""
    dossier = _own_dossier(request, code)
    item = get_object_or_404(Attachment, pk=pk, dossier=dossier)
    if not permissions.applicant_sees_file(item, dossier):
        raise Http404
    return FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.original_name)


@applicant_required
def my_dossier_printout(request, code, slug):
    """The applicant's copy of a one-stop form (receipt, supplement request, refusal, apology, control sheet)."""
    return printouts.pdf_response(_own_dossier(request, code), slug, internal=False)


@login_required
def my_documents(request):
    if request.user.kind != AccountKind.CITIZEN:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document_upload(actor=request.user, uploaded=form.cleaned_data["file"], title=form.cleaned_data["title"])
        except ValidationError as error:
            form.add_error("file", error.message_dict.get("file", error.messages))
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            form.release_uploads()
            messages.success(request, _("Saved to your data store."))
            return redirect("portal:my_documents")
    if request.method == "POST":
        form.keep_uploads()
    documents = documents_of(request.user).select_related("dossier")
    return render(request, "portal/citizen/my_documents.html", {"documents": documents, "form": form})


@login_required
def my_document_file(request, pk):
    document = document_for(request.user, pk)
    return FileResponse(document.file.open("rb"), content_type=document.content_type, filename=document.original_name)


@login_required
def profile(request):
    if request.user.kind not in (AccountKind.CITIZEN, AccountKind.AGENT):
        raise PermissionDenied
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("portal:home")
    return render(
        request,
        "portal/citizen/profile.html",
        {"form": form, "not_verified": IDENTITY_NOT_VERIFIED, "citizen": request.user.kind == AccountKind.CITIZEN},
    )
