import pytest

from tests.builders import PASSWORD, an_org, staff_in_every_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_receiving_officer_logs_in_and_sees_the_home_page(live_server, page, screenshot):
    org = an_org()
    staff_in_every_role(org)

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("heading", name="Xin chào, Nguyễn Văn An").wait_for()
    assert page.get_by_role("heading", name="Cán bộ tiếp nhận").is_visible()
    assert page.get_by_text("Chi nhánh số 1").is_visible()
    screenshot("home-receiving-officer")

    page.get_by_role("link", name="Đơn vị, quầy và giờ làm việc của tôi").click()
    page.get_by_role("heading", name="Đơn vị của tôi").wait_for()
    assert page.get_by_text("08:00–12:00, 13:00–17:00").first.is_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("heading", name="Một cửa cho mọi thủ tục hành chính").wait_for()


def test_wrong_password_keeps_the_user_on_the_login_form(live_server, page, screenshot):
    staff_in_every_role(an_org())
    page.goto(live_server.url + "/login/")
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill("wrong-password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("alert").wait_for()
    assert "không đúng" in page.get_by_role("alert").inner_text()
    screenshot("login-error")


def test_language_switch_and_keyboard_access(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    page.get_by_role("heading", name="One door for every administrative procedure").wait_for()
    screenshot("landing-english")
