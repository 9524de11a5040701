"""Login through a real OpenID Connect provider (oidc-provider on Node.js) started on loopback."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from motcua.accounts.models import AccountKind
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def identity_provider(live_server, settings):
    port = free_port()
    callback = f"{live_server.url}/accounts/oidc/vneid/login/callback/"
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_REDIRECT_URI": callback}
    process = subprocess.Popen(  # noqa: S603, S607 - our own test fixture, node from PATH
        [shutil.which("node") or "node", str(ROOT / "tests" / "oidc" / "provider.mjs")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:  # wait until it listens
        if line.startswith("ready"):
            break
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "vneid",
                    "name": "VNeID",
                    "client_id": "motcua",
                    "secret": "test-secret",
                    "settings": {
                        "server_url": f"http://127.0.0.1:{port}",
                        "scope": ["openid", "profile", "email", "citizen"],
                    },
                }
            ]
        }
    }
    csp = settings.CONTENT_SECURITY_POLICY
    directives = {**csp["DIRECTIVES"], "form-action": ["'self'", f"http://127.0.0.1:{port}"]}
    settings.CONTENT_SECURITY_POLICY = {**csp, "DIRECTIVES": directives}
    yield port
    process.terminate()
    process.wait(timeout=10)


def log_in_with_vneid(page, live_server, login):
    page.goto(live_server.url + "/login/")
    page.get_by_role("button", name="Đăng nhập bằng VNeID").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Xin chào", exact=False).wait_for()


def test_a_citizen_logs_in_with_the_national_identity(identity_provider, live_server, page, screenshot):
    log_in_with_vneid(page, live_server, "citizen-a")
    expect(page.get_by_role("heading", name="Xin chào, Trần Thị Bích Ngọc")).to_be_visible()
    screenshot("national-identity-home", page)
    user = get_user_model().objects.get(full_name="Trần Thị Bích Ngọc")
    assert user.kind == AccountKind.CITIZEN and user.citizen_id == "001190011223"
    assert not user.has_usable_password()
    page.goto(live_server.url + "/my/profile/")  # the profile is filled from the identity
    expect(page.get_by_label("Số định danh cá nhân")).to_have_value("001190011223")


def test_an_existing_citizen_account_is_linked_not_duplicated(identity_provider, live_server, page):
    known = make_user(kind=AccountKind.CITIZEN, citizen_id="001190011223", full_name="Trần Thị Bích Ngọc")
    log_in_with_vneid(page, live_server, "citizen-b")
    assert get_user_model().objects.filter(citizen_id="001190011223").count() == 1
    assert known.socialaccount_set.count() == 1
