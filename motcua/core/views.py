"""Health checks for supervisors and load balancers (docs/deploy.md). Neither reads the session or the user."""

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import readiness


@never_cache
@require_safe
def healthz(request):
    """The process is up and answers; the database is not touched."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """200 when the database answers and a worker's heartbeat is fresh, 503 otherwise; the JSON says which."""
    state = readiness(timezone.now())
    return JsonResponse(state, status=200 if state["ready"] else 503)
