"""Forgot password: the link from the login page, the email (read from Django's outbox), a new password, login."""

import re

import pytest
from django.core import mail

from motcua.notifications.services import outbox_deliver
from tests.builders import an_org, staff_in_every_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Hoa-sen-no-mua-he-2026"


@pytest.mark.parametrize(("width", "height", "name"), [(1280, 800, "desktop"), (360, 740, "phone")])
def test_a_forgotten_password_is_reset_by_the_emailed_link(browser, live_server, settings, width, height, name):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_URL": live_server.url}
    officer = staff_in_every_role(an_org()).officer
    officer.email = "an.nguyen@example.vn"
    officer.save()
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    shot = screenshot_into(name)
    try:
        page.goto(live_server.url + "/login/")
        page.get_by_role("link", name="Quên mật khẩu?").click()
        page.get_by_role("heading", name="Bạn quên mật khẩu?").wait_for()
        page.get_by_label("Địa chỉ thư điện tử của tài khoản").fill("an.nguyen@example.vn")
        shot("password-reset-form", page)
        page.get_by_role("button", name="Gửi liên kết").click()
        page.get_by_role("heading", name="Hãy kiểm tra thư điện tử").wait_for()
        shot("password-reset-sent", page)

        assert outbox_deliver() == 1  # what the worker does
        (message,) = mail.outbox
        assert message.to == ["an.nguyen@example.vn"] and "chọn mật khẩu mới" in message.subject
        link = re.search(rf"{re.escape(live_server.url)}/password/reset/\S+/", message.body).group(0)

        page.goto(link)
        page.get_by_role("heading", name="Chọn mật khẩu mới").wait_for()
        page.get_by_label("Mật khẩu mới", exact=True).fill("short")
        page.get_by_label("Xác nhận mật khẩu mới").fill("short")
        page.get_by_role("button", name="Lưu mật khẩu mới").click()
        page.get_by_text("Mật khẩu quá ngắn").first.wait_for()
        shot("password-reset-choose", page)
        page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Xác nhận mật khẩu mới").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Lưu mật khẩu mới").click()
        page.get_by_role("heading", name="Mật khẩu của bạn đã được đổi").wait_for()
        shot("password-reset-done", page)

        page.get_by_role("main").get_by_role("link", name="Đăng nhập").click()
        page.get_by_label("Tên đăng nhập").fill("officer")
        page.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("heading", name="Xin chào", exact=False).wait_for()
    finally:
        context.close()


def screenshot_into(suffix):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)

    def take(name, page):
        page.screenshot(path=str(ARTIFACTS / f"{name}-{suffix}.png"), full_page=True)

    return take
