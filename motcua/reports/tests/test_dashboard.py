"""The dashboard and the indicator page: figures, where late dossiers wait, scope, permissions, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.actors import SYSTEM
from motcua.dossiers import services
from motcua.dossiers.tests.test_clock import clock, ten_day_procedure  # noqa: F401  (a fixture)
from motcua.reports.dashboard import trend
from motcua.reports.selectors import Scope
from tests.builders import APPLICANT

from .test_reports import QUERY, at, data  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_trend_by_day_and_by_month(data):  # noqa: F811
    days = trend(start=date(2026, 3, 1), end=date(2026, 3, 31), units=Scope.everything())
    assert len(days) == 31 and days[1].label == "02/03"
    assert (days[1].received, days[1].processed) == (5, 0)  # all five receptions on Monday 2 March
    assert sum(p.processed for p in days) == 3 and sum(p.late for p in days) == 1
    assert days[16].processed == 1 and days[16].late == 1  # C, late on 17 March
    months = trend(start=date(2026, 1, 1), end=date(2026, 12, 31), units=Scope.everything())
    assert [p.label for p in months][:3] == ["01/2026", "02/2026", "03/2026"] and len(months) == 12
    assert months[2].received == 5 and months[2].processed == 3 and months[0].received == 0


def test_dashboard_for_the_director(client, data):  # noqa: F811
    client.force_login(data["world"].director)
    response = client.get("/reports/dashboard/" + QUERY)
    assert response.status_code == 200
    context = response.context
    assert context["total"].figures["received"] == 5 and context["total"].figures["late"] == 1
    # F waits, late, at the committee's examination step; D's clock is paused for its supplement.
    assert [(w["step"], w["count"]) for w in context["waiting"]] == [("Thẩm định", 1)]
    assert context["chart_data"]["trend"]["received"][1] == 5
    assert sorted(context["chart_data"]["workload"]["received"]) == [2, 3]
    assert [card.rank for card in context["ranking"]] == [1, 2]
    assert b"chart.umd.min.js" in response.content and b'id="chart-data"' in response.content


def test_waiting_list_names_the_late_dossiers(client, data):  # noqa: F811
    client.force_login(data["world"].director)
    unit = data["world"].org.committee.pk
    response = client.get(f"/reports/waiting/?step=Thẩm định&unit={unit}")
    assert response.status_code == 200 and [d.code for d in response.context["dossiers"]] == [data["F"].code]
    assert client.get("/reports/waiting/?step=Thẩm định&unit=none").context["dossiers"].count() == 0
    assert client.get("/reports/waiting/?step=Thẩm định&unit=x'").status_code == 200
    assert client.get("/reports/waiting/").status_code == 404


def test_indicator_page(client, data):  # noqa: F811
    client.force_login(data["world"].director)
    response = client.get("/reports/indicators/" + QUERY)
    assert response.status_code == 200
    assert len(response.context["ranking"]) == 2 and response.context["scorecard"].available > 0
    assert b"P1" in response.content and "Hồ sơ giải quyết đúng hạn" in response.content.decode()
    response = client.get("/reports/indicators/?from=2026-03-01&to=2026-03-31&by=handling")
    assert [c.label for c in response.context["ranking"]] == [data["world"].org.committee.name]


def test_bad_period_gives_the_field_error(client, data):  # noqa: F811
    client.force_login(data["world"].director)
    for url in ("/reports/dashboard/", "/reports/indicators/"):
        response = client.get(url + "?from=2026-03-31&to=2026-03-01")
        assert response.status_code == 200 and "total" not in response.context and "scorecard" not in response.context
        assert "Ngày bắt đầu không được sau ngày kết thúc." in response.content.decode()
        assert client.get(url + "?from=yesterday").context["form"].errors["start"]


def test_a_leader_elsewhere_sees_nothing(client, data):  # noqa: F811
    client.force_login(data["world"].lead_justice)
    response = client.get("/reports/dashboard/" + QUERY)
    assert response.context["total"].figures["received"] == 0 and response.context["waiting"] == []
    assert client.get("/reports/indicators/" + QUERY).context["ranking"] == []
    unit = data["world"].org.committee.pk
    assert client.get(f"/reports/waiting/?step=Thẩm định&unit={unit}").context["dossiers"].count() == 0


@pytest.mark.parametrize("page", ["/reports/dashboard/", "/reports/indicators/"])
def test_query_count_does_not_grow_with_units_and_dossiers(client, data, page):  # noqa: F811
    client.force_login(data["world"].director)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page + QUERY).status_code == 200
        return len(queries)

    before = count()
    world = data["world"]
    with clock(at(2026, 3, 5, 9, 0)):
        other = services.dossier_create(
            actor=SYSTEM,
            procedure=world.procedure,
            channel="counter",
            receiving_unit=world.org.branch2,
            commune=world.commune,
            applicant=dict(APPLICANT),
        )
        services.dossier_forward(actor=SYSTEM, dossier=services.dossier_receive(actor=SYSTEM, dossier=other))
    assert count() == before
