"""The applicant's rating page and the counter tablet (a receiving officer opens it; the citizen fills it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.dossiers import permissions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

from . import services, tokens
from .forms import RatingForm
from .models import Rating, RatingChannel


def _dossier(code: str) -> Dossier:
    dossier = Dossier.objects.select_related("version", "receiving_unit", "handling_unit").filter(code=code).first()
    if dossier is None:
        raise Http404(_("No dossier has this code."))
    return dossier


def _visible_dossier(user, code: str) -> Dossier:
    """The dossier, or 404 to those who may not see it (its existence stays hidden); staff who may see it get 403."""
    dossier = _dossier(code)
    if not permissions.may_view(user, dossier):
        raise Http404(_("No dossier has this code."))
    return dossier


def _rating(dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


@login_required
def rate(request, code):
    dossier = _visible_dossier(request.user, code)
    if not permissions.is_applicant(request.user, dossier):
        raise PermissionDenied
    context = {"dossier": dossier, "rating": _rating(dossier)}
    if context["rating"] is not None:
        return render(request, "feedback/rate.html", context)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                actor=request.user,
                dossier=dossier,
                scores=form.scores,
                comment=form.cleaned_data["comment"],
                channel=RatingChannel.ONLINE,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except services.RatingConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("feedback:rate", code=code)
        else:
            messages.success(request, _("Thank you. Your rating has been recorded."))
            return redirect("feedback:rate", code=code)
    if request.method == "POST":
        status = 422
    context |= {"form": form, "ratable": dossier.state == State.RETURNED}
    return render(request, "feedback/rate.html", context, status=status)


@login_required
def tablet_start(request, code):
    """The officer at the desk turns the tablet over to the citizen: a signed 30-minute link for this dossier."""
    dossier = _visible_dossier(request.user, code)
    try:
        token = services.tablet_token_issue(actor=request.user, dossier=dossier)
    except services.RatingConflict as conflict:
        context = {"dossier": dossier, "rating": _rating(dossier), "message": str(conflict)}
        return render(request, "feedback/tablet_unavailable.html", context, status=409)
    return redirect("feedback:tablet_form", code=dossier.code, token=token)


@never_cache
def tablet_form(request, code, token):
    """The citizen's form on the counter's tablet: no login; the signed token is the permission."""
    if not tokens.tablet_token_valid(code, token):
        return render(
            request, "feedback/tablet_message.html", {"message": str(services.TabletLinkInvalid())}, status=403
        )
    dossier = _dossier(code)
    if _rating(dossier) is not None:  # the link is spent
        return render(request, "feedback/tablet_message.html", {"message": str(services.AlreadyRated())}, status=409)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                actor=request.user,  # whoever holds the tablet (usually nobody logged in): the token decides
                dossier=dossier,
                scores=form.scores,
                comment=form.cleaned_data["comment"],
                channel=RatingChannel.COUNTER_TABLET,
                token=token,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except services.RatingConflict as conflict:
            return render(request, "feedback/tablet_message.html", {"message": str(conflict)}, status=409)
        else:
            return redirect("feedback:tablet_thanks")
    status = 422 if request.method == "POST" else 200
    return render(request, "feedback/tablet_form.html", {"dossier": dossier, "form": form}, status=status)


def tablet_thanks(request):
    # No dossier details: the tablet stays on this page for the next citizen to see.
    return render(request, "feedback/tablet_message.html", {"thanks": True})
