"""Rules every request of a logged-in user passes: the session ends after inactivity, a password marked for
change is changed before anything else, and nothing personal is kept by a cache.

They sit after Django's session, authentication and message middleware (config/settings.py, MIDDLEWARE).
"""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.core import conf as core_conf

from . import conf
from .models import AccountKind

# When the session last saw a request (seconds since the epoch); rewritten at most once a STAMP_EVERY_SECONDS,
# so that a busy user's requests do not each write the session.
LAST_SEEN = "motcua_last_seen"
STAMP_EVERY_SECONDS = 60
# What a user who must change their password may still reach.
PASSWORD_CHANGE_VIEWS = {"portal:password_change", "portal:logout", "set_language"}


def idle_minutes(user) -> int:
    """How long a session of this user lives without requests: short for staff (shared counter PCs)."""
    if user.kind == AccountKind.STAFF:
        return conf.staff_idle_minutes()
    return conf.citizen_idle_minutes()


def stamp_login(sender, request, user, **kwargs):
    """Logging in is activity: the session starts with its stamp (receiver of `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            minutes = idle_minutes(user)
            if isinstance(last, int) and now - last > minutes * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity. Please log in again.")
                    % {"minutes": minutes},
                )
            elif not isinstance(last, int) or now - last >= STAMP_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Outside the demo, a user whose password must change (e.g. a demo-seeded account) does that first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not core_conf.demo():
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = ""
            if view_name not in PASSWORD_CHANGE_VIEWS:
                if request.path_info.startswith("/api/"):
                    message = _("Change your password first (it was set for you and must not stay in use).")
                    return JsonResponse({"detail": message}, status=403)
                return redirect(f"{reverse('portal:password_change')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Every response to a logged-in user and every file download: `Cache-Control: private, no-store`, so that
    neither a shared proxy nor the browser's disk keeps it. Public pages to anonymous visitors stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.user.is_authenticated
            or isinstance(response, FileResponse)
            or response.has_header("Content-Disposition")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
