"""Login through a real OpenID Connect provider (oidc-provider on Node.js) started on loopback."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from motcua.accounts.models import AccountKind, IdentitySource
from tests.builders import a_citizen, a_user

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
    assert user.identity_verified_via == IdentitySource.NATIONAL_IDENTITY and user.identity_verified_at is not None
    assert not user.has_usable_password()
    page.goto(live_server.url + "/my/profile/")  # the identity is shown, not editable
    expect(page.locator("dl.facts")).to_contain_text("001190011223")
    expect(page.locator("dl.facts")).to_contain_text("Đã xác minh: Đăng nhập bằng định danh điện tử quốc gia")
    expect(page.locator("input[name=citizen_id]")).to_have_count(0)
    expect(page.locator("input[name=full_name]")).to_have_count(0)
    screenshot("national-identity-profile", page)


def test_an_existing_verified_citizen_account_is_linked_not_duplicated(identity_provider, live_server, page):
    known = a_citizen(citizen_id="001190011223", full_name="Trần Thị Bích Ngọc")
    log_in_with_vneid(page, live_server, "citizen-b")
    assert get_user_model().objects.filter(citizen_id="001190011223").count() == 1
    assert known.socialaccount_set.count() == 1


def test_an_unverified_claim_of_the_id_is_taken_off_and_never_linked(identity_provider, live_server, page):
    impostor = a_user(
        kind=AccountKind.CITIZEN,
        username="impostor",
        citizen_id="001190011223",
        full_name="Kẻ mạo danh",
        verified=False,
    )
    log_in_with_vneid(page, live_server, "citizen-c")
    expect(page.get_by_role("heading", name="Xin chào, Trần Thị Bích Ngọc")).to_be_visible()
    impostor.refresh_from_db()
    assert impostor.citizen_id == "" and impostor.socialaccount_set.count() == 0
    owner = get_user_model().objects.get(citizen_id="001190011223")
    assert owner.pk != impostor.pk and owner.socialaccount_set.count() == 1
    assert owner.verified_citizen_id == "001190011223"
    assert owner.identity_verified_via == IdentitySource.NATIONAL_IDENTITY


def test_a_returning_login_restores_the_asserted_citizen_id(identity_provider, live_server, page):
    log_in_with_vneid(page, live_server, "citizen-d")
    user = get_user_model().objects.get(citizen_id="001190011223")
    user.citizen_id = "001190099999"  # changed on the profile back when the profile allowed it
    user.save(update_fields=["citizen_id"])
    page.context.clear_cookies()
    log_in_with_vneid(page, live_server, "citizen-d")
    user.refresh_from_db()
    assert user.verified_citizen_id == "001190011223"
    assert get_user_model().objects.filter(citizen_id="001190011223").count() == 1
