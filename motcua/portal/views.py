from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind
from motcua.core import conf as core_conf
from motcua.core import ratelimit
from motcua.org import selectors as org_selectors
from motcua.reports.rules import may_read_reports

from .forms import LoginForm
from .roles import AGENT_DUTIES, CITIZEN_DUTIES, ROLE_DUTIES


def home(request):
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
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
    points = org_selectors.service_point_list(province_code=core_conf.province_code())
    return render(request, "portal/service_points.html", {"points": points})


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not ratelimit.login_allowed(request, request.POST.get("username", "")):
            messages.error(request, _("Too many login attempts. Please wait five minutes and try again."))
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)
