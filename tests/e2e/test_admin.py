"""The administrators' journey: find a procedure, edit its e-form with the editor and its preview, add a holiday."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_world(transactional_db):
    from motcua.catalog.services import catalog_seed
    from tests.builders import an_org, staff_in_every_role

    catalog_seed()
    return staff_in_every_role(an_org())


def _log_in(page, live_server, username):
    from tests.builders import PASSWORD

    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("heading", name="Đơn vị, quầy, người dùng và dữ liệu danh mục").wait_for()


def _shoot(element, name):
    """A screenshot of one part of a long page (the version page is many screens high)."""
    ARTIFACTS.mkdir(exist_ok=True)
    element.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _csp_violations(page) -> list[str]:
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else 0)
    return seen


def test_an_administrator_edits_an_eform_and_adds_a_holiday(live_server, page, screenshot, admin_world):
    from motcua.catalog.models import ProcedureVersion
    from motcua.core.models import CalendarOverride

    violations = _csp_violations(page)
    _log_in(page, live_server, admin_world.admin.username)

    # The procedure search, without and with diacritics (it answered 500 before).
    page.goto(live_server.url + "/admin/catalog/procedure/")
    searches = [("dang ky khai sinh", "admin-procedure-search-plain"), ("ĐĂNG KÝ", "admin-procedure-search-accents")]
    for term, name in searches:
        page.locator("#searchbar").fill(term)
        page.locator("#changelist-search input[type=submit]").click()
        expect(page.locator("#result_list")).to_contain_text("1.001193")
        expect(page.locator("#result_list")).to_contain_text("Thủ tục đăng ký khai sinh")
        screenshot(name)

    # The procedure, then its version.
    page.get_by_role("link", name="1.001193").first.click()
    page.locator(".field-link a, a.inlinechangelink").first.click()
    editor = page.locator(".eform-editor")
    preview = editor.locator(".eform-editor-preview-body")
    expect(preview.get_by_text("Họ, chữ đệm, tên của trẻ")).to_be_visible()
    expect(preview.locator("input[type=date]")).to_have_count(1)
    expect(page.locator("#id_effective_from")).to_have_value(re.compile(r"^\d\d/\d\d/\d{4}$"))
    editor.scroll_into_view_if_needed()
    _shoot(page.locator("fieldset.eform-fieldset"), "admin-eform-editor")

    # A new field: its label and key typed in the editor; the preview follows.
    editor.get_by_role("button", name="Thêm trường").last.click()
    page.get_by_label("Nhãn công dân nhìn thấy").last.fill("Nghề nghiệp của người yêu cầu")
    page.get_by_label("Mã trường").last.fill("nghe_nghiep")
    page.get_by_label("Mã trường").last.press("Tab")
    expect(preview.get_by_text("Nghề nghiệp của người yêu cầu")).to_be_visible()
    _shoot(page.locator("fieldset.eform-fieldset"), "admin-eform-preview-updated")

    # The JSON stays one click away, and holds the new field.
    page.get_by_role("button", name="Sửa JSON Schema (nâng cao)").click()
    expect(page.locator("#id_eform")).to_be_visible()
    assert '"nghe_nghiep"' in page.locator("#id_eform").input_value()

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("thành công")
    version = ProcedureVersion.objects.filter(procedure__code="1.001193").order_by("-number").first()
    assert version.eform["properties"]["nghe_nghiep"] == {"type": "string", "title": "Nghề nghiệp của người yêu cầu"}
    assert version.eform["properties"]["so_dinh_danh_me"]["pattern"] == "^[0-9]{12}$"  # kept as it was
    assert "ho_ten_tre" in version.eform["required"] and "nghe_nghiep" not in version.eform["required"]

    # A holiday, typed day first; the calendar's "today" writes the same order.
    page.goto(live_server.url + "/admin/core/calendaroverride/add/")
    page.locator(".datetimeshortcuts a").first.click()  # "Hôm nay"
    expect(page.locator("#id_date")).to_have_value(re.compile(r"^\d\d/\d\d/\d{4}$"))
    page.locator("#id_date").fill("02/09/2027")
    page.locator("#id_name").fill("Quốc khánh")
    page.locator("#id_legal_basis").fill("Bộ luật Lao động 2019, Điều 112")
    screenshot("admin-holiday-add")
    page.locator("input[name=_save]").click()
    expect(page.locator("#result_list")).to_contain_text("02/09/2027")
    screenshot("admin-holiday-list")
    assert CalendarOverride.objects.get(name="Quốc khánh").date == date(2027, 9, 2)
    assert not violations, violations
