"""The admin's own login page lets administrators in (by role, not by Django's is_staff flag) and no one else."""

import pytest

from tests.builders import PASSWORD, a_citizen

pytestmark = pytest.mark.django_db


def _log_in(client, username):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD})


def test_an_administrator_logs_in_on_the_admins_page(client, staff):
    assert not staff.admin.is_staff
    answer = _log_in(client, staff.admin.username)
    assert answer.status_code == 302 and answer.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", ["officer", "specialist", "leader", "director"])
def test_other_staff_are_refused_as_a_wrong_login(client, staff, role):
    answer = _log_in(client, getattr(staff, role).username)
    assert answer.status_code == 200 and "_auth_user_id" not in client.session
    assert "Bạn hãy nhập đúng Tên đăng nhập và mật khẩu" in answer.content.decode()


def test_a_citizen_is_refused(client):
    citizen = a_citizen(username="citizen")
    answer = _log_in(client, citizen.username)
    assert answer.status_code == 200 and "_auth_user_id" not in client.session
