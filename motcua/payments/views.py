from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import AccountKind
from motcua.core.forms import add_service_errors
from motcua.dossiers.models import Dossier

from . import fees, permissions, selectors, services, vietqr
from .callbacks import demo_bank_pay, handle_callback
from .conf import demo_mode, payment_settings
from .forms import CashForm, ExemptionForm, ReconciliationForm
from .models import Method, Payment, Receipt, Status
from .receipts import render_receipt_pdf

MAX_CALLBACK_BYTES = 4096


def _dossier(request, code) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related("version", "case", "receiving_unit", "handling_unit", "procedure"), code=code
    )
    if not permissions.may_see_payments(request.user, dossier):
        raise Http404  # do not tell strangers which codes exist
    return dossier


def _page(request, dossier, *, cash_form=None, exemption_form=None, status=200):
    summary = fees.fee_summary(dossier)
    payments = selectors.dossier_payments(dossier)
    pending = next((p for p in payments if p.status == Status.PENDING and p.method == Method.QR), None)
    config = payment_settings()
    may_cash = permissions.may_take_cash(request.user, dossier)
    may_exempt = permissions.may_exempt(request.user, dossier)
    context = {
        "dossier": dossier,
        "summary": summary,
        "payments": payments,
        "receipts": selectors.dossier_receipts(dossier),
        "pending": pending,
        "qr_image": vietqr.svg_data_uri(pending.qr_payload) if pending else "",
        "bank": {"name": config["BANK_NAME"], "account": config["ACCOUNT"], "holder": config["ACCOUNT_NAME"]},
        "open": dossier.state not in services.CLOSED,
        "may_start_qr": permissions.may_start_qr(request.user, dossier),
        "cash_form": (cash_form or CashForm(initial={"amount": summary.outstanding or None})) if may_cash else None,
        "exemption_form": (exemption_form or ExemptionForm(lines=summary.lines)) if may_exempt else None,
        "simulate": demo_mode(),
        "staff": request.user.kind == AccountKind.STAFF,
    }
    return render(request, "payments/dossier.html", context, status=status)


@login_required
@require_GET
def dossier_payments(request, code):
    return _page(request, _dossier(request, code))


def _service_error(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for errors in error.message_dict.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.error(request, str(error) or _("You may not do this on this dossier."))


@login_required
@require_POST
def start_qr(request, code):
    dossier = _dossier(request, code)
    try:
        services.payment_start_qr(actor=request.user, dossier=dossier)
    except (PermissionDenied, ValidationError) as error:
        _service_error(request, error)
    return redirect("payments:dossier", code=code)


@login_required
@require_POST
def cash(request, code):
    dossier = _dossier(request, code)
    if not permissions.may_take_cash(request.user, dossier):
        raise PermissionDenied
    form = CashForm(request.POST)
    if form.is_valid():
        try:
            payment = services.payment_cash(actor=request.user, dossier=dossier, amount=form.cleaned_data["amount"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Paid. Receipt %(number)s issued.") % {"number": payment.receipt.number})
            return redirect("payments:dossier", code=code)
    dossier.refresh_from_db()
    return _page(request, dossier, cash_form=form, status=422)


@login_required
@require_POST
def exempt(request, code):
    dossier = _dossier(request, code)
    if not permissions.may_exempt(request.user, dossier):
        raise PermissionDenied
    form = ExemptionForm(request.POST, lines=fees.dossier_fees(dossier))
    if form.is_valid():
        try:
            services.fee_exempt(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The fee is exempted."))
            return redirect("payments:dossier", code=code)
    dossier.refresh_from_db()
    return _page(request, dossier, exemption_form=form, status=422)


@login_required
@require_POST
def simulate(request, code, pk):
    """Demo only: play the bank confirming the pending transfer."""
    if not demo_mode():
        raise Http404
    dossier = _dossier(request, code)
    payment = get_object_or_404(Payment, pk=pk, dossier=dossier, method=Method.QR)
    result = demo_bank_pay(payment)
    if result.status == 200:
        messages.success(
            request,
            _("The bank confirmed the payment. Receipt %(number)s issued.") % {"number": result.body["receipt"]},
        )
    else:
        messages.error(request, _("The bank's confirmation was refused: %(error)s") % {"error": result.body["error"]})
    return redirect("payments:dossier", code=code)


@login_required
@require_GET
def receipt_pdf(request, number):
    receipt = get_object_or_404(Receipt.objects.select_related("dossier", "unit__parent", "issued_by"), number=number)
    if not permissions.may_read_receipt(request.user, receipt):
        raise Http404
    response = HttpResponse(render_receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt.number}.pdf"'
    return response


@login_required
@require_GET
def reconciliation(request):
    units = permissions.reconciliation_units(request.user)
    if not units:
        raise PermissionDenied
    form = ReconciliationForm(request.GET or None, units=units)
    day, chosen = timezone.localdate(), units
    status = 200
    if request.GET:
        if form.is_valid():
            day = form.cleaned_data["day"] or day
            if code := form.cleaned_data["unit"]:
                chosen = [u for u in units if u.code == code]
        else:
            status = 422
    report = selectors.reconciliation(day=day, units=chosen)
    return render(request, "payments/reconciliation.html", {"form": form, "report": report}, status=status)


@csrf_exempt  # the bank has no session: the HMAC signature is what authenticates it
@require_POST
def callback(request, provider):
    if len(request.body) > MAX_CALLBACK_BYTES:
        return JsonResponse({"ok": False, "error": "body too large"}, status=413)
    result = handle_callback(provider, request.body, request.headers)
    return JsonResponse(result.body, status=result.status)
