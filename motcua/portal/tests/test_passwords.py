"""Forgot password (an e-mailed link), and the password change demo-seeded accounts must make in production."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from motcua.notifications.models import OutboxMessage
from motcua.notifications.services import outbox_deliver
from tests.builders import PASSWORD, a_citizen, a_user

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Hoa-sen-no-mua-he-2026"


@pytest.fixture
def officer(db):
    return a_user(username="officer", email="an.nguyen@example.vn", full_name="Nguyễn Văn An")


def ask(client, email, **extra):
    return client.post(reverse("portal:password_reset"), {"email": email}, **extra)


def test_the_login_page_offers_a_reset(client):
    html = client.get(reverse("portal:login")).content.decode()
    assert "Quên mật khẩu?" in html and reverse("portal:password_reset") in html


def test_the_answer_is_the_same_whether_or_not_an_account_uses_the_address(client, officer):
    known = ask(client, "AN.NGUYEN@example.vn")
    unknown = ask(client, "nobody@example.vn")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("portal:password_reset_sent")
    assert "Nếu có tài khoản dùng địa chỉ" in client.get(known.url).content.decode()
    # One message, to the known account only, queued in the outbox for the worker.
    assert [m.recipient for m in OutboxMessage.objects.all()] == ["an.nguyen@example.vn"]


def test_accounts_without_a_local_password_get_no_link(client):
    citizen = a_citizen(email="mai@example.vn")
    citizen.set_unusable_password()  # logs in with the national identity only
    citizen.save()
    a_user(email="gone@example.vn", is_active=False)
    ask(client, "mai@example.vn")
    ask(client, "gone@example.vn")
    assert not OutboxMessage.objects.exists()


def reset_link() -> str:
    outbox_deliver()
    (message,) = mail.outbox
    return re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)


def test_the_link_sets_a_new_password_once(client, officer, settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_URL": "https://motcua.example.gov.vn"}
    officer.must_change_password = True
    officer.save()
    ask(client, officer.email)
    link = reset_link()
    assert link.startswith("https://motcua.example.gov.vn/password/reset/")
    assert "officer" in mail.outbox[0].body and "một giờ" in mail.outbox[0].body

    path = link.removeprefix("https://motcua.example.gov.vn")
    form_page = client.get(path, follow=True)
    assert "Chọn mật khẩu mới" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("portal:password_reset_complete")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD) and not officer.must_change_password
    # The link is spent.
    assert "Liên kết này không còn dùng được" in client.get(path, follow=True).content.decode()


def test_the_email_speaks_the_language_of_the_request(client, officer):
    with translation.override("vi"):  # what the English request switches to is not left to the next test
        client.post("/en/password/reset/", {"email": officer.email})
    outbox_deliver()
    assert "choose a new password" in mail.outbox[0].subject
    assert "/en/password/reset/" in mail.outbox[0].body


def test_reset_requests_are_limited_per_email_address(client, officer):
    for _ in range(3):
        assert ask(client, officer.email).status_code == 302
    refused = ask(client, officer.email.upper())
    assert refused.status_code == 429 and "quá nhiều" in refused.content.decode()
    assert ask(client, "nobody@example.vn").status_code == 302  # another address
    assert OutboxMessage.objects.count() == 3


def test_reset_requests_are_limited_per_client_address(client, officer):
    statuses = [ask(client, f"person{i}@example.vn").status_code for i in range(11)]
    assert statuses == [302] * 10 + [429]
    assert ask(client, officer.email, REMOTE_ADDR="198.51.100.4").status_code == 302


# --- the forced change -----------------------------------------------------------------------------------


@pytest.fixture
def seeded(db, settings):
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": False}
    return a_user(username="director", must_change_password=True)


def test_a_marked_account_changes_its_password_before_anything_else(client, seeded):
    client.force_login(seeded)
    change = reverse("portal:password_change")
    for path in ("/", "/my-units/", "/admin/", "/procedures/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(change), path
    assert client.get("/api/v1/provinces").status_code == 403
    page = client.get(change)
    assert page.status_code == 200 and "mật khẩu được đặt khi tạo" in page.content.decode()

    same = client.post(change, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert same.status_code == 200 and "khác mật khẩu hiện tại" in same.content.decode()
    changed = client.post(
        change,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": "/my-units/"},
    )
    assert changed.url == "/my-units/"
    seeded.refresh_from_db()
    assert not seeded.must_change_password and seeded.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200  # still logged in, free to go on


def test_a_marked_account_may_log_out(client, seeded):
    client.force_login(seeded)
    assert client.post(reverse("portal:logout")).status_code == 302
    assert client.get("/").status_code == 200


def test_the_demo_does_not_ask_for_a_change(client, seeded, settings):
    settings.MOTCUA = {**settings.MOTCUA, "DEMO": True}
    client.force_login(seeded)
    assert client.get("/").status_code == 200


def test_the_change_redirects_only_within_the_site(client, seeded):
    client.force_login(seeded)
    response = client.post(
        reverse("portal:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("portal:home")


def test_the_admin_login_is_rate_limited_with_the_staff_login(client):
    a_user(username="admin")
    for _ in range(5):
        client.post(reverse("portal:login"), {"username": "admin", "password": "nope"})
    for _ in range(5):
        assert client.post("/admin/login/", {"username": "admin", "password": "nope"}).status_code == 200
    refused = client.post("/admin/login/", {"username": "Admin", "password": "nope"})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert get_user_model().objects.get(username="admin").last_login is None
