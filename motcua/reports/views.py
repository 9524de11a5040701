"""The report page, its drill-downs and exports: for centre directors and unit leaders."""

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Channel, Procedure
from motcua.core.forms import NativeDateInput, PeriodDateField, id_param
from motcua.core.spreadsheets import COUNT, DECIMAL, PERCENT, Column, Heading, csv_export, xlsx_report
from motcua.org.models import Role
from motcua.org.selectors import user_memberships, user_unit_scope

from . import dashboard as charts
from .indicators import DEFINITIONS, GROUPS, RANK_BY, scorecards
from .rules import may_read_reports
from .selectors import (
    DIMENSION_LABELS,
    METRIC_LABELS,
    METRICS,
    Row,
    Scope,
    drilldown,
    key_is_valid,
    report,
    running_now,
    totals,
)


def user_scope(user) -> Scope:
    """Directors see their centre family's receptions; leaders what their units handle (motcua/reports/rules.py)."""
    return Scope(
        receiving=user_unit_scope(user, [Role.CENTRE_DIRECTOR]),
        handling=user_unit_scope(user, [Role.UNIT_LEADER]),
    )


def reports_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_read_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


class ReportForm(forms.Form):
    start = PeriodDateField(label=gettext_lazy("From"), required=False, widget=NativeDateInput())
    end = PeriodDateField(label=gettext_lazy("To"), required=False, widget=NativeDateInput())
    by = forms.ChoiceField(label=gettext_lazy("Group by"), choices=DIMENSION_LABELS.items(), required=False)
    procedure = forms.CharField(label=gettext_lazy("Procedure code"), required=False, max_length=32)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=[("", gettext_lazy("All"))] + Channel.choices, required=False
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"].replace(day=1)
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must not be after the end."))
        if data["end"] - data["start"] > timedelta(days=3660):
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        data["by"] = data.get("by") or "receiving"
        code = data.get("procedure")
        data["procedure_obj"] = None
        if code:
            data["procedure_obj"] = Procedure.objects.filter(code=code).first()
            if data["procedure_obj"] is None:
                self.add_error("procedure", _("No procedure has this code."))
        return data


# Lookups the form's query string (as parameters named from/to) maps to.
def _form(request) -> ReportForm:
    params = request.GET.copy()
    for outer, inner in (("from", "start"), ("to", "end")):
        if outer in params:
            params[inner] = params.pop(outer)[0]
    return ReportForm(params)


def _period_query(d) -> dict:
    return {"from": d["start"].isoformat(), "to": d["end"].isoformat()}


def _report(request):
    form = _form(request)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    rows = report(
        start=d["start"],
        end=d["end"],
        by=d["by"],
        units=user_scope(request.user),
        procedure=d["procedure_obj"],
        channel=d.get("channel") or None,
    )
    return form, rows


COLUMNS = METRICS  # every figure the report can drill into is a column, in the same order


@reports_required
def report_page(request):
    form, rows = _report(request)
    context = {"form": form, "rows": rows, "columns": [(c, METRIC_LABELS[c]) for c in COLUMNS]}
    if rows is not None:
        d = form.cleaned_data
        context |= {
            "total": totals(rows),
            "dimension": DIMENSION_LABELS[d["by"]],
            "query": {
                **_period_query(d),
                "by": d["by"],
                "procedure": d.get("procedure") or "",
                "channel": d.get("channel") or "",
            },
        }
    return render(request, "reports/report.html", context)


@reports_required
def dossier_list(request):
    form = _form(request)
    metric = request.GET.get("metric", "")
    key = request.GET.get("key", "")[:40]
    if not form.is_valid() or metric not in METRICS or not key_is_valid(form.cleaned_data["by"], key):
        raise Http404
    d = form.cleaned_data
    dossiers = drilldown(
        metric=metric,
        by=d["by"],
        key=key,
        start=d["start"],
        end=d["end"],
        units=user_scope(request.user),
        procedure=d["procedure_obj"],
        channel=d.get("channel") or None,
    )
    context = {"dossiers": dossiers, "metric": METRIC_LABELS[metric], "start": d["start"], "end": d["end"]}
    return render(request, "reports/dossiers.html", context)


RATES = ("in_time_rate", "online_share", "average_days", "satisfied_share")


def _columns(dimension) -> list[Column]:
    """The export's columns, headed in Vietnamese whatever the page's language."""
    with translation.override("vi"):
        return [
            Column(str(dimension), width=28),
            *(Column(str(METRIC_LABELS[c]), COUNT) for c in COLUMNS),
            Column(_("In-time rate (%)"), PERCENT),
            Column(_("Online share (%)"), PERCENT),
            Column(_("Average processing days"), DECIMAL),
            Column(_("Satisfied ratings (%)"), PERCENT),
        ]


def _table(rows) -> list[list]:
    """The rows and their total, a figure per column; a rate without a base is left blank."""
    return [
        [row.label, *(row.figures[c] for c in COLUMNS), *(_blank(getattr(row, rate)) for rate in RATES)]
        for row in [*rows, totals(rows)]
    ]


def _blank(value):
    return "" if value is None else value


def _export(request) -> tuple[list[Column], list[list], dict]:
    form, rows = _report(request)
    if rows is None:
        raise Http404
    d = form.cleaned_data
    with translation.override("vi"):
        dimension = str(DIMENSION_LABELS[d["by"]])
    return _columns(dimension), _table(rows), d


def _heading(request, d, dimension: str) -> Heading:
    """Title, period, unit, filters and the moment the report was generated, in Vietnamese."""
    units = sorted(
        {m.unit.name for m in user_memberships(request.user) if m.role in (Role.CENTRE_DIRECTOR, Role.UNIT_LEADER)}
    )
    with translation.override("vi"):
        lines = [
            _("Period: from %(start)s to %(end)s")
            % {"start": d["start"].strftime("%d/%m/%Y"), "end": d["end"].strftime("%d/%m/%Y")},
            _("Unit: %(units)s") % {"units": "; ".join(units)},
            _("Grouped by: %(dimension)s") % {"dimension": dimension},
        ]
        if d["procedure_obj"] is not None:
            procedure = d["procedure_obj"]
            lines.append(_("Procedure: %(code)s %(name)s") % {"code": procedure.code, "name": procedure.name})
        if d.get("channel"):
            lines.append(_("Channel: %(channel)s") % {"channel": Channel(d["channel"]).label})
        now = timezone.localtime()
        lines.append(
            _("Generated at %(time)s on %(date)s") % {"time": now.strftime("%H:%M"), "date": now.strftime("%d/%m/%Y")}
        )
        return Heading(title=_("Report on the handling of administrative procedure dossiers"), lines=tuple(lines))


@reports_required
def export_csv(request):
    columns, body, _d = _export(request)
    header = [column.label for column in columns]
    response = HttpResponse(csv_export(header, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bao-cao.csv"'
    return response


@reports_required
def export_xlsx(request):
    columns, body, d = _export(request)
    dimension = columns[0].label
    with translation.override("vi"):
        sheet_title = _("Report by %(dimension)s") % {"dimension": dimension.lower()}
    response = HttpResponse(
        xlsx_report(columns, body, heading=_heading(request, d, dimension), sheet_title=sheet_title, total_row=True),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="bao-cao.xlsx"'
    return response


# -- dashboard and indicators --------------------------------------------------------------------------------
def _period(request) -> tuple[ReportForm, dict | None]:
    form = _form(request)
    return form, (form.cleaned_data if form.is_valid() else None)


def _quick_periods(today) -> list[tuple[str, str]]:
    """Links for this month, last month and this year."""
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    periods = [
        (_("This month"), first, today),
        (_("Last month"), last_month_end.replace(day=1), last_month_end),
        (_("This year"), today.replace(month=1, day=1), today),
    ]
    return [(label, f"?from={start.isoformat()}&to={end.isoformat()}") for label, start, end in periods]


@reports_required
def dashboard(request):
    form, d = _period(request)
    context = {"form": form, "quick": _quick_periods(timezone.localdate())}
    if d is not None:
        scope, now = user_scope(request.user), timezone.now()
        overall, cards = scorecards(start=d["start"], end=d["end"], units=scope)
        running = {str(r["receiving_unit"]): r for r in running_now(["receiving_unit"], units=scope, now=now)}
        workload = charts.workload(cards, running)
        points = charts.trend(start=d["start"], end=d["end"], units=scope)
        waiting = charts.waiting(units=scope, now=now)
        context |= {
            "total": Row(key="", label="", figures=overall.figures | charts.running_total(running)),
            "scorecard": overall,
            "ranking": cards[:10],
            "waiting": waiting,
            "query": {**_period_query(d), "by": "receiving"},
            "chart_data": {
                "trend": {
                    "labels": [p.label for p in points],
                    "received": [p.received for p in points],
                    "processed": [p.processed for p in points],
                    "late": [p.late for p in points],
                    "satisfied": [p.satisfied_share for p in points],
                },
                "workload": {
                    "labels": [w["label"] for w in workload],
                    "received": [w["received"] for w in workload],
                    "in_progress": [w["in_progress"] for w in workload],
                    "overdue": [w["overdue"] for w in workload],
                },
                "waiting": {
                    "labels": [Truncator(f"{w['step']} · {w['unit_name']}").chars(48) for w in waiting],
                    "count": [w["count"] for w in waiting],
                },
                "words": {
                    "received": _("Received"),
                    "processed": _("Processed"),
                    "late": _("Late"),
                    "in_progress": _("In progress now"),
                    "overdue": _("Overdue now"),
                    "satisfied": _("Satisfied ratings (%)"),
                    "waiting": _("Late dossiers waiting"),
                },
            },
        }
    return render(request, "reports/dashboard.html", context)


@reports_required
def indicators(request):
    form, d = _period(request)
    by = request.GET.get("by") if request.GET.get("by") in RANK_BY else "receiving"
    context = {
        "form": form,
        "quick": _quick_periods(timezone.localdate()),
        "by": by,
        "groups": GROUPS,
        "definitions": DEFINITIONS,
    }
    if d is not None:
        overall, cards = scorecards(start=d["start"], end=d["end"], units=user_scope(request.user), by=by)
        context |= {"scorecard": overall, "ranking": cards, "query": _period_query(d)}
    return render(request, "reports/indicators.html", context)


@reports_required
def waiting_list(request):
    step = request.GET.get("step", "")[:300]
    if not step:
        raise Http404
    unit = id_param(request.GET.get("unit"))  # "none" (or anything that is not an id): steps without a unit
    dossiers = charts.waiting_dossiers(units=user_scope(request.user), now=timezone.now(), step=step, unit=unit)
    context = {"dossiers": dossiers, "metric": _("Late at the step “%(step)s”") % {"step": step}, "late_now": True}
    return render(request, "reports/dossiers.html", context)
