"""While the database cannot be reached, answer 503 with Retry-After instead of a 500 (docs/deploy.md).

`DatabaseUnavailableMiddleware` sits near the top of MIDDLEWARE, above the session and authentication
middleware. It sees a database-unavailable error (`health.database_unavailable`: connection refused or lost,
server shutting down; never a wrong query or a deadlock, which stay 500s) in two ways:

- raised by a view, a template or the session and user the view reads lazily: `process_exception`;
- raised inside another middleware (the session middleware saving the session after the view): Django turns
  that into a 500 response at that middleware's layer, before it reaches us, and sends
  `got_request_exception` first; our receiver marks the request, and the 500 is replaced on its way out.

The answer touches nothing that needs the database (no session, no user, no translations from it): a bilingual
page from a template without context processors, or `{"detail": …}` for the API.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .health import database_unavailable

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
_MARK = "_motcua_database_unavailable"
# If even the page cannot be rendered (e.g. static files not collected), this is answered instead.
_BARE_PAGE = (
    '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Hệ thống tạm thời gián đoạn</title>'
    "<h1>Hệ thống tạm thời gián đoạn</h1><p>Vui lòng thử lại sau ít phút.</p>"
    '<h2 lang="en">The service is temporarily unavailable</h2><p lang="en">Please try again in a few minutes.</p>'
)


def _note_failure(sender, request=None, **kwargs) -> None:
    error = sys.exc_info()[1]  # sent from inside Django's `except` block
    if request is not None and error is not None and database_unavailable(error):
        setattr(request, _MARK, error)


def unavailable_response(request, error: BaseException) -> HttpResponse:
    log.warning("Database unavailable, answering 503 to %s %s: %s", request.method, request.path, error)
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Please try again in a few minutes.")},
            status=503,
        )
    else:
        try:
            page = render_to_string("core/database_unavailable.html")
        except Exception:  # noqa: BLE001 - the outage page must not fail in turn
            log.exception("The outage page could not be rendered")
            page = _BARE_PAGE
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_failure, dispatch_uid="motcua.core.middleware.database_unavailable")

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except Exception as error:  # only with DEBUG_PROPAGATE_EXCEPTIONS do errors get this far
            if not database_unavailable(error):
                raise
            return unavailable_response(request, error)
        if (error := getattr(request, _MARK, None)) is not None:
            return unavailable_response(request, error)
        return response

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return unavailable_response(request, exception)
        return None
