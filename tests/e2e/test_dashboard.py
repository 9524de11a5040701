"""A centre director reads the dashboard, drills from the late figures to the dossiers, reads the 766 scores,
and exports the report."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.test_clock import ten_day_procedure  # noqa: F401  (a fixture)
from motcua.reports.tests.test_reports import data  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_the_dashboard_and_drills_down(data, live_server, as_user, screenshot):  # noqa: F811
    director = as_user("director")
    director.get_by_role("link", name="Bảng điều hành", exact=False).click()
    director.get_by_label("Từ ngày").fill("2026-03-01")
    director.get_by_label("Đến ngày").fill("2026-03-31")
    director.get_by_role("button", name="Xem").click()
    tiles = director.get_by_role("list", name="Số liệu chính")
    expect(tiles.locator(".tile", has_text="Giải quyết quá hạn").locator(".tile-value")).to_have_text("1")
    expect(tiles.locator(".tile", has_text="Đã tiếp nhận").locator(".tile-value")).to_have_text("5")
    for chart in ("#chart-trend", "#chart-workload", "#chart-waiting", "#chart-satisfaction"):
        expect(director.locator(chart)).to_have_attribute("style", re.compile("height"))  # drawn by Chart.js
    expect(director.get_by_role("heading", name="Xếp hạng theo Bộ chỉ số Quyết định 766")).to_be_visible()
    screenshot("dashboard-director", director)

    tiles.locator(".tile", has_text="Giải quyết quá hạn").locator("a").click()
    expect(director.get_by_role("link", name=data["C"].code)).to_be_visible()
    expect(director.locator("tbody tr")).to_have_count(1)
    director.go_back()

    waiting = director.locator("figure", has=director.get_by_role("heading", name="Hồ sơ trễ hạn đang nằm ở bước nào?"))
    waiting.get_by_role("row", name="Thẩm định").get_by_role("link").click()
    expect(director.get_by_role("heading", name="Trễ hạn ở bước “Thẩm định”")).to_be_visible()
    expect(director.get_by_role("link", name=data["F"].code)).to_be_visible()
    director.go_back()

    director.get_by_role("link", name="Chỉ số theo Quyết định 766").first.click()
    expect(director.get_by_role("heading", name="Chỉ số theo Quyết định 766")).to_be_visible()
    expect(director.locator("#overall .band")).to_be_visible()
    expect(director.get_by_role("row", name=re.compile("P1 Hồ sơ giải quyết đúng hạn"))).to_be_visible()
    screenshot("indicators-director", director)

    director.get_by_role("link", name="Bảng điều hành").last.click()
    director.get_by_role("link", name="Báo cáo", exact=True).last.click()
    with director.expect_download() as download:
        director.get_by_role("link", name="Xuất Excel").click()
    assert download.value.suggested_filename == "bao-cao.xlsx"


def test_the_dashboard_fits_a_tablet(data, live_server, as_user, screenshot):  # noqa: F811
    leader = as_user("lead", width=800, height=1100)
    leader.goto(live_server.url + "/reports/dashboard/?from=2026-03-01&to=2026-03-31")
    expect(leader.locator("#chart-trend")).to_have_attribute("style", re.compile("height"))
    assert leader.evaluate("document.documentElement.scrollWidth") <= 800
    screenshot("dashboard-leader-tablet", leader)
