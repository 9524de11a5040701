import pytest
from django.urls import reverse

from motcua.accounts.models import AccountKind
from motcua.org.models import Role
from tests.builders import PASSWORD, a_citizen, a_user

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_home_is_the_public_landing_page_in_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Một cửa cho mọi thủ tục hành chính" in html
    assert "Đăng nhập" in html


def test_english_is_the_second_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/en/"
    html = client.get(response.url).content.decode()
    assert '<html lang="en">' in html
    assert "One door for every administrative procedure" in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.RECEIVING_OFFICER, ["Cán bộ tiếp nhận", "Chi nhánh số 1", "Kiểm tra tính đầy đủ"]),
        (Role.SPECIALIST, ["Chuyên viên xử lý", "Sở Tư pháp", "Thẩm định hồ sơ"]),
        (Role.UNIT_LEADER, ["Lãnh đạo đơn vị", "Sở Tư pháp", "Phân công hồ sơ"]),
        (Role.CENTRE_DIRECTOR, ["Giám đốc Trung tâm", "Trung tâm Phục vụ hành chính công", "Điều hành"]),
        (Role.ADMINISTRATOR, ["Quản trị hệ thống", "Quản trị: đơn vị, quầy"]),
    ],
)
def test_home_page_per_role(client, staff, role, expected):
    html = login(client, staff.in_role(role)).get("/").content.decode()
    for text in expected:
        assert text in html
    assert ("/admin/" in html) == (role == Role.ADMINISTRATOR)


@pytest.mark.parametrize("kind", [AccountKind.CITIZEN, AccountKind.AGENT])
def test_home_page_for_citizens_and_agents(client, db, kind):
    user = a_user(kind=kind, full_name="Vũ Thị Mai")
    html = login(client, user).get("/").content.decode()
    assert "Xin chào, Vũ Thị Mai" in html
    assert "Nộp hồ sơ trực tuyến" in html
    assert "/admin/" not in html and "/my-units/" not in html


def test_staff_without_role_is_told_so(client, db):
    html = login(client, a_user()).get("/").content.decode()
    assert "chưa được phân công vai trò" in html


def test_my_units_shows_only_units_in_scope(client, org, staff):
    html = login(client, staff.officer).get("/my-units/").content.decode()
    assert "Chi nhánh số 1" in html and "Chi nhánh số 2" not in html
    html = login(client, staff.director).get("/my-units/").content.decode()
    assert "Chi nhánh số 1" in html and "Chi nhánh số 2" in html and "Sở Tư pháp" not in html


def test_my_units_requires_login_and_a_role(client, db):
    assert client.get("/my-units/").status_code == 302
    assert login(client, a_citizen()).get("/my-units/").status_code == 403


def test_service_points_are_public(client, org, settings):
    html = client.get("/service-points/").content.decode()
    assert "Chi nhánh số 1" in html and "Chi nhánh số 2" in html
    assert "Sở Tư pháp" not in html


def test_login_and_logout(client, staff):
    response = client.post(reverse("portal:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert "Cán bộ tiếp nhận" in client.get("/").content.decode()
    client.post(reverse("portal:logout"))
    assert "Một cửa cho mọi thủ tục" in client.get("/").content.decode()


def test_wrong_password_gets_a_clear_message(client, staff):
    response = client.post(reverse("portal:login"), {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_is_rate_limited(client, staff):
    for _ in range(10):
        client.post(reverse("portal:login"), {"username": "officer", "password": "nope"})
    response = client.post(reverse("portal:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMINISTRATOR, 200),
        (Role.CENTRE_DIRECTOR, 302),
        (Role.RECEIVING_OFFICER, 302),
        (Role.SPECIALIST, 302),
        (Role.UNIT_LEADER, 302),
    ],
)
def test_admin_is_for_administrators(client, staff, role, status):
    assert login(client, staff.in_role(role)).get("/admin/").status_code == status


@pytest.mark.parametrize(
    "path",
    [
        "/admin/org/unit/",
        "/admin/org/counter/",
        "/admin/org/membership/",
        "/admin/accounts/user/",
        "/admin/geo/commune/",
        "/admin/geo/divisionchange/",
    ],
)
def test_admin_pages_render_for_administrators(client, staff, path):
    response = login(client, staff.admin).get(path)
    assert response.status_code == 200


def test_admin_unit_page_renders(client, org, staff):
    response = login(client, staff.admin).get(f"/admin/org/unit/{org.branch1.pk}/change/")
    assert response.status_code == 200
    assert "Chi nhánh số 1" in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client, db):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
