"""The officer at the counter: the procedure, the commune found by typing "hoan kiem", a validation error fixed,
"Tiếp nhận" and the receipt for printing; then a code scanned into the workspace's search opens its dossier."""

import re

import pytest
from playwright.sync_api import expect

from motcua.core.actors import SYSTEM
from motcua.dossiers.models import Dossier
from motcua.org.services import counter_create
from tests.builders import a_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOAN_KIEM = "00070"


def test_counter_intake_then_a_scanned_code(world, live_server, as_user, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    waiting = a_dossier(world, channel="counter").supplement_requested().build()  # on the "supplement" tab only
    counter2 = counter_create(actor=SYSTEM, unit=world.org.branch1, number=2)

    officer = as_user("officer_b1")
    officer.goto(live_server.url + "/workspace/intake/?q=dang+ky+khai+sinh")
    officer.get_by_role("link", name="1.001193 Thủ tục đăng ký khai sinh").click()
    expect(officer.get_by_label("Quầy")).to_have_value("")  # two counters, none taken yet: the officer chooses
    officer.get_by_label("Quầy").select_option(label="Chi nhánh số 1 · Quầy số 2")

    # The commune picker, by keyboard: type part of the name without its "Phường" and without diacritics.
    officer.get_by_label("Tìm xã, phường liên quan theo tên").focus()
    officer.keyboard.type("hoan kiem")
    commune = officer.get_by_role("combobox", name="Xã, phường liên quan")
    expect(commune).to_have_value(HOAN_KIEM)
    officer.keyboard.press("Enter")  # goes on to the narrowed select; submits nothing
    expect(commune).to_be_focused()
    officer.get_by_label("Họ và tên / tên tổ chức").press("Enter")  # neither does Enter in any other field
    officer.wait_for_timeout(500)
    expect(officer.get_by_role("alert")).to_have_count(0)  # no submission, so no errors either
    screenshot("intake-commune-picker-desktop", officer)

    officer.get_by_label("Họ và tên / tên tổ chức").fill("Đặng Thu Hà")
    officer.get_by_label("Số định danh cá nhân (12 chữ số)").fill("00119001234")  # one digit short
    officer.get_by_label("Điện thoại").fill("0912345678")
    officer.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(officer.get_by_role("alert")).to_contain_text("Vui lòng sửa")
    expect(commune).to_have_value(HOAN_KIEM)  # kept through the error
    assert not Dossier.objects.filter(applicant_name="Đặng Thu Hà").exists()
    screenshot("intake-validation-error-desktop", officer)

    officer.get_by_label("Số định danh cá nhân (12 chữ số)").fill("001190012345")
    officer.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(officer.locator(".page-head .state")).to_have_text("Đã tiếp nhận")
    dossier = Dossier.objects.get(applicant_name="Đặng Thu Hà")
    assert dossier.commune_id == HOAN_KIEM
    receipt = f"/workspace/dossiers/{dossier.code}/forms/receipt.pdf"

    # The receipt opens for printing: loaded in the page's print frame, and a link opens it in a new tab.
    panel = officer.locator(".print-receipt")
    expect(panel).to_contain_text("In giấy tiếp nhận")
    expect(officer.locator("#receipt-frame")).to_have_attribute("src", receipt)
    expect(officer.get_by_role("button", name="In giấy tiếp nhận")).to_be_visible()
    link = officer.get_by_role("link", name="Mở giấy tiếp nhận (PDF)")
    expect(link).to_be_focused()
    screenshot("intake-received-print-receipt-desktop", officer)
    with officer.context.expect_page() as opened:
        link.click()
    assert opened.value.url.endswith(receipt) or opened.value.url == "about:blank"
    pdf = officer.request.get(live_server.url + receipt)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    opened.value.close()
    officer.reload()
    expect(officer.locator(".print-receipt")).to_have_count(0)  # once, right after the intake

    # The workspace: counted tabs; a scanner types a code from another tab fast and presses Enter.
    officer.goto(live_server.url + "/workspace/?list=new")
    expect(officer.get_by_role("link", name=re.compile(r"^Chờ bổ sung 1$"))).to_be_visible()
    screenshot("workspace-tabs-desktop", officer)
    search = officer.get_by_role("searchbox", name="Tìm hồ sơ")
    expect(search).to_be_focused()
    officer.keyboard.type("dang thu ha")
    expect(officer.locator("#results")).to_contain_text(dossier.code)
    screenshot("workspace-search-desktop", officer)
    search.fill("")
    search.press_sequentially(waiting.code, delay=5)
    search.press("Enter")
    officer.wait_for_url(f"**/workspace/dossiers/{waiting.code}/")
    expect(officer.locator(".page-head .code")).to_have_text(waiting.code)

    # The next intake preselects the officer's counter, after logging out and in again.
    officer.get_by_role("button", name="Đăng xuất").click()
    again = as_user("officer_b1")
    again.goto(live_server.url + "/workspace/intake/?procedure=1.001193")
    expect(again.get_by_label("Quầy")).to_have_value(str(counter2.pk))


def test_workspace_and_intake_at_phone_width(world, live_server, as_user, screenshot):
    a_dossier(world, channel="counter").build()
    a_dossier(world, channel="counter").supplement_requested().build()
    phone = as_user("officer_b1", width=360, height=780)
    phone.goto(live_server.url + "/workspace/")
    expect(phone.locator(".tabs .count").first).to_be_visible()
    screenshot("workspace-360", phone)
    sideways = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert phone.evaluate(sideways) <= 0, "the workspace scrolls sideways at 360 px"
    phone.goto(live_server.url + "/workspace/intake/?procedure=1.001193")
    phone.get_by_label("Tìm xã, phường liên quan theo tên").fill("hoan kiem")
    expect(phone.get_by_role("combobox", name="Xã, phường liên quan")).to_have_value(HOAN_KIEM)
    screenshot("intake-360", phone)
    assert phone.evaluate(sideways) <= 0, "the intake page scrolls sideways at 360 px"
