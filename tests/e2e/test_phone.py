"""Every main page at 360 px, a small phone: nothing wider than the screen, the header on one row with a menu that
opens and closes, tables as stacked cards, and the payment page that shows the VietQR code and the amount first
with buttons that copy the account, the amount and the transfer content."""

import pytest
from playwright.sync_api import expect

from motcua.payments import services as payments
from tests.builders import PASSWORD, a_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: none)."""
    return page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]


def phone(browser, live_server, username=None, **context):
    ctx = browser.new_context(viewport=PHONE, locale="vi-VN", **context)
    page = ctx.new_page()
    if username:
        page.goto(live_server.url + "/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("heading", name="Xin chào", exact=False).wait_for()
    return ctx, page


def walk(page, base, paths) -> list[str]:
    too_wide = []
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        if (extra := overflow(page)) > 0:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > 361)
                  .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
            )
            too_wide.append(f"{path}: {extra} px too wide ({', '.join(wide)})")
    return too_wide


@pytest.fixture
def owing(world):
    """An online dossier the applicant has to pay for, with a VietQR payment started."""
    dossier = a_dossier(world, channel="online").payment_requested(50000, note="Phí xác minh").build()
    payments.payment_start_qr(actor=world.applicant, dossier=dossier)
    return dossier


def test_every_main_page_fits_a_phone(browser, live_server, world, owing, screenshot):
    code = owing.code
    for _ in range(2):  # the desk's lists have rows to show as cards
        a_dossier(world, channel="counter").received().build()
    base = live_server.url
    public = [
        "/",
        "/procedures/",
        "/procedures/1.001193/",
        "/lookup/",
        f"/lookup/?code={code}",
        "/service-points/",
        "/login/",
        "/password/reset/",
    ]
    citizen = ["/my/dossiers/", f"/my/dossiers/{code}/", f"/payments/dossiers/{code}/", "/file/", "/my/documents/"]
    officer = ["/workspace/", f"/workspace/dossiers/{code}/", "/workspace/intake/", f"/payments/dossiers/{code}/"]
    director = ["/workspace/", "/reports/", "/reports/dashboard/", "/reports/indicators/", "/payments/reconciliation/"]
    too_wide = []
    for username, paths in [(None, public), ("applicant", citizen), ("officer_c", officer), ("director", director)]:
        context, page = phone(browser, live_server, username)
        too_wide += walk(page, base, paths)
        if username is None:
            page.goto(base + "/service-points/")
            screenshot("phone-service-points", page)
        if username == "officer_c":
            page.goto(base + "/workspace/?list=all")
            screenshot("phone-workspace", page)
            page.goto(base + f"/workspace/dossiers/{code}/")
            screenshot("phone-dossier", page)
        if username == "director":
            page.goto(base + "/reports/?from=2020-01-01")
            screenshot("phone-report", page)
        context.close()
    assert too_wide == []


def test_the_header_menu_opens_and_closes_from_the_keyboard(browser, live_server, world):
    context, page = phone(browser, live_server, "applicant")
    menu = page.get_by_role("button", name="Danh mục")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    brand, button = page.locator(".brand").bounding_box(), menu.bounding_box()
    assert abs(brand["y"] + brand["height"] / 2 - (button["y"] + button["height"] / 2)) < 8  # one row
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Hồ sơ của tôi")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    nav.get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    context.close()
    # On a desktop the navigation is always shown and the menu button is not.
    desktop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = desktop.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("button", name="Danh mục")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Thủ tục")).to_be_visible()
    desktop.close()


def test_tables_become_cards_labelled_with_their_columns(browser, live_server, world, owing):
    context, page = phone(browser, live_server, "applicant")
    page.goto(live_server.url + f"/payments/dossiers/{owing.code}/")
    fees = page.locator("table").first
    expect(fees).to_have_class("stacked")
    cell = fees.locator("tbody tr").first.locator("td").first
    assert cell.get_attribute("data-label") == "Số tiền"
    assert page.evaluate("getComputedStyle(document.querySelector('table.stacked tr')).display") == "block"
    context.close()


def test_the_payment_page_shows_the_code_and_amount_first_and_copies(browser, live_server, world, owing, screenshot):
    context, page = phone(browser, live_server, "applicant", permissions=["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + f"/payments/dossiers/{owing.code}/")
    pending = owing.payments.get()
    qr = page.get_by_role("img", name="Mã VietQR", exact=False)
    expect(qr).to_be_visible()
    expect(page.locator(".pay-amount")).to_contain_text("58.000")
    # The code and the amount come before the fee table, within the first screen.
    assert qr.bounding_box()["y"] + qr.bounding_box()["height"] <= PHONE["height"] + 200
    assert page.locator(".pay-amount").bounding_box()["y"] < PHONE["height"]
    assert qr.bounding_box()["y"] < page.get_by_role("heading", name="Phí, lệ phí", exact=True).bounding_box()["y"]
    screenshot("phone-payment", page)
    for what, copied in [
        ("số tài khoản", world_bank_account(page)),
        ("số tiền", "58000"),
        ("nội dung chuyển khoản", pending.provider_reference),
    ]:
        page.get_by_role("button", name=f"Sao chép {what}").click()
        expect(page.get_by_role("status").filter(has_text="Đã sao chép")).to_have_text(f"Đã sao chép {what}.")
        assert page.evaluate("navigator.clipboard.readText()") == copied
    context.close()


def world_bank_account(page) -> str:
    """The account number the page shows beside its copy button."""
    return page.get_by_role("button", name="Sao chép số tài khoản").get_attribute("data-copy")
