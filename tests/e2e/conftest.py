import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str, of=None) -> Path:
        path = ARTIFACTS / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def as_user(browser, live_server):
    """Log a user in through the login page, each in a browser context of its own (desktop size by default)."""
    from tests.builders import PASSWORD

    contexts = []

    def open_as(username, width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + "/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("heading", name="Xin chào", exact=False).wait_for()
        return page

    yield open_as
    for context in contexts:
        context.close()
