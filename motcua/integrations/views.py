"""The administrators' page of the portal sync: counters, dead messages, retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from .outbox import portal_retry_dead
from .selectors import DEAD_LIST_LIMIT, portal_overview


def _administrator_only(request) -> None:
    # Anonymous visitors get 403 too, not a login page: the address is not advertised to them.
    if not request.user.has_perm("integrations.manage_portal"):
        raise PermissionDenied


@require_GET
def portal_dashboard(request):
    _administrator_only(request)
    overview = portal_overview(timezone.now())
    return render(request, "integrations/portal.html", {"overview": overview, "limit": DEAD_LIST_LIMIT})


def _retried(request, count: int):
    messages.success(
        request,
        ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count)
        % {"count": count},
    )
    return redirect("integrations:portal")


@require_POST
def portal_retry(request, pk: int):
    _administrator_only(request)
    return _retried(request, portal_retry_dead(ids=[pk]))


@require_POST
def portal_retry_all(request):
    _administrator_only(request)
    return _retried(request, portal_retry_dead())
