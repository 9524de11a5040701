from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from motcua.accounts.models import AccountKind
from motcua.core import conf as core_conf
from motcua.org import selectors as org_selectors
from motcua.org.models import UnitKind

from . import selectors
from .forms import ProcedureSearchForm
from .models import OnlineLevel, Procedure


def procedure_list(request):
    form = ProcedureSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    procedures = selectors.procedure_search(**{k: v for k, v in filters.items() if v})
    page = Paginator(procedures, 20).get_page(request.GET.get("page"))
    template = "catalog/procedure_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"  # htmx swaps only the result list
    return render(request, template, {"form": form, "page": page})


def procedure_detail(request, code: str):
    procedure = get_object_or_404(Procedure.objects.select_related("sector"), code=code, is_active=True)
    versions = list(procedure.versions.order_by("-number").only("number", "effective_from", "decision"))
    in_force = selectors.version_in_force(procedure, timezone.localdate()) or versions[0]
    chosen = in_force
    if requested := request.GET.get("version"):
        chosen = next((v for v in versions if str(v.number) == requested), None)
        if chosen is None:
            raise Http404
    version = selectors.with_content(procedure.versions.filter(pk=chosen.pk)).get()
    workflows = {w.province_id: w for w in version.workflows.all()}
    province = core_conf.province_code()
    points = org_selectors.service_point_list(province_code=province).filter(
        kind__in=[UnitKind.SERVICE_CENTRE, UnitKind.BRANCH]
    )
    context = {
        "procedure": procedure,
        "version": version,
        "versions": versions,
        "in_force": chosen.pk == (selectors.version_in_force(procedure, timezone.localdate()) or versions[0]).pk,
        "workflow": workflows.get(province) or workflows.get(None),
        "service_points": points,
        # Online filing is for citizens and agents: visitors log in first, staff file at the counter.
        "file_online": procedure.online_level != OnlineLevel.NONE
        and getattr(request.user, "kind", None) in (None, AccountKind.CITIZEN, AccountKind.AGENT),
    }
    return render(request, "catalog/procedure_detail.html", context)
