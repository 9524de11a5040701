from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.core import conf as core_conf
from motcua.core import ratelimit
from motcua.org import selectors as org_selectors
from motcua.reports import selectors as reports_selectors
from motcua.reports.rules import may_read_reports

from . import conf as portal_conf
from .forms import LoginForm
from .roles import AGENT_DUTIES, CITIZEN_DUTIES, ROLE_DUTIES

# The home page's "most filed" list is an aggregate over a year of roll-ups: computed at most this often.
MOST_FILED_SECONDS = 3600


def _most_filed(province_code: str) -> list[dict]:
    def compute():
        since = timezone.localdate() - timedelta(days=365)
        return reports_selectors.most_filed(province_code=province_code, since=since)

    return cache.get_or_set(f"portal:most-filed:{province_code}", compute, MOST_FILED_SECONDS)


def landing(request):
    """The front door for visitors: search the procedures, the most filed ones, the centre's hotline."""
    province = core_conf.province_code()
    context = {
        "most_filed": _most_filed(province),
        "centre": org_selectors.province_centre(province),
    }
    return render(request, "portal/landing.html", context)


def home(request):
    if not request.user.is_authenticated:
        return landing(request)
    user = request.user
    memberships = org_selectors.user_memberships(user)
    roles = []
    for role in dict.fromkeys(m.role for m in memberships):
        roles.append(
            {
                "role": role,
                "label": next(m.get_role_display() for m in memberships if m.role == role),
                "units": [m.unit for m in memberships if m.role == role],
                "duties": ROLE_DUTIES[role],
            }
        )
    context = {
        "roles": roles,
        "duties": {AccountKind.CITIZEN: CITIZEN_DUTIES, AccountKind.AGENT: AGENT_DUTIES}.get(user.kind, []),
        "can_use_admin": user.has_perm("core.use_admin"),
        "can_report": may_read_reports(user),
        "citizen": user.kind == AccountKind.CITIZEN,
    }
    return render(request, "portal/home.html", context)


@login_required
def my_units(request):
    units = org_selectors.unit_list_for_user(request.user)
    if not units:
        raise PermissionDenied
    return render(request, "portal/my_units.html", {"units": units})


def service_points(request):
    """Where to file: searchable, grouped by commune, with a map of the points that have coordinates. The map's
    tiles come from MOTCUA_MAP_TILES; this page alone lets their origin into the CSP's img-src."""
    q = request.GET.get("q", "")[:100]
    points = org_selectors.service_point_search(province_code=core_conf.province_code(), q=q)
    markers = [
        {
            "name": p.short_name or p.name,
            "address": p.address,
            "phone": p.phone,
            "lat": float(p.latitude),
            "lng": float(p.longitude),
        }
        for p in points
        if p.latitude is not None and p.longitude is not None
    ]
    context = {
        "q": q,
        "count": len(points),
        "groups": org_selectors.by_commune(points),
        "markers": markers,
        "map_tiles": portal_conf.map_tiles(),
        "map_attribution": portal_conf.map_attribution(),
    }
    response = render(request, "portal/service_points.html", context)
    if markers and (origin := portal_conf.map_tile_origin()):
        response._csp_update = {"img-src": [origin]}
    return response


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not ratelimit.login_allowed(request, request.POST.get("username", "")):
            messages.error(request, _("Too many login attempts. Please wait five minutes and try again."))
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)
