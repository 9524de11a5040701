import re

import pytest
from playwright.sync_api import expect

from motcua.catalog.selectors import procedure_search

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(transactional_db):
    from motcua.catalog.services import catalog_seed

    catalog_seed()


@pytest.mark.parametrize("query", ["dang ky khai sinh", "Đăng ký khai sinh"])
def test_search_with_and_without_diacritics_then_open_the_procedure(live_server, page, screenshot, catalogue, query):
    page.goto(live_server.url + "/procedures/")
    page.get_by_label("Tìm kiếm").fill(query)
    page.wait_for_url(re.compile(r"q="))  # htmx updates the list as the user types, and the address with it
    expect(page.locator(".procedure-list li")).to_have_count(procedure_search(q=query).count())
    result = page.get_by_role("link", name="1.001193 Thủ tục đăng ký khai sinh")
    assert result.is_visible()
    screenshot("catalog-search" + ("-plain" if query.startswith("dang") else "-accents"))
    result.click()
    page.get_by_role("heading", name="Thủ tục đăng ký khai sinh", level=1).wait_for()
    assert page.get_by_role("heading", name="Giấy tờ phải nộp").is_visible()
    assert page.get_by_role("heading", name="Nơi nộp hồ sơ").is_visible()
    screenshot("catalog-procedure")


def test_filters_narrow_the_list(live_server, page, catalogue):
    page.goto(live_server.url + "/procedures/?q=dat+dai")
    items = page.locator(".procedure-list li")
    expect(items).to_have_count(procedure_search(q="dat dai").count())
    for level in ("commune", "province"):
        page.get_by_label("Cấp thực hiện").select_option(level)
        expected = procedure_search(q="dat dai", level=level).count()
        assert 0 < expected < procedure_search(q="dat dai").count()
        expect(items).to_have_count(expected)
        assert f"level={level}" in page.url
