"""An administrator setting a citizen ID in the Django admin is an officer's check: it verifies the ID."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.accounts.models import IdentitySource
from tests.builders import a_citizen

pytestmark = pytest.mark.django_db
CHECKED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def change(client, user, **fields):
    data = {
        "username": user.username,
        "kind": user.kind,
        "full_name": user.full_name,
        "citizen_id": user.citizen_id,
        "email": user.email,
        "phone": user.phone,
        "is_active": "on",
    } | fields
    return client.post(f"/admin/accounts/user/{user.pk}/change/", data)


def test_an_administrator_setting_a_citizen_id_records_an_officers_check(client, staff):
    citizen = a_citizen(verified=False, full_name="Phạm Thị Hằng")
    client.force_login(staff.admin)
    assert "thẻ căn cước" in client.get(f"/admin/accounts/user/{citizen.pk}/change/").content.decode()
    with time_machine.travel(CHECKED_AT, tick=False):
        assert change(client, citizen, citizen_id="001190098765").status_code == 302
    citizen.refresh_from_db()
    assert citizen.verified_citizen_id == "001190098765"
    assert (citizen.identity_verified_via, citizen.identity_verified_at) == (IdentitySource.OFFICER, CHECKED_AT)

    with time_machine.travel(datetime(2026, 3, 3, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        assert change(client, citizen, phone="0912345678").status_code == 302  # the ID untouched: same check
    citizen.refresh_from_db()
    assert citizen.identity_verified_at == CHECKED_AT

    assert change(client, citizen, citizen_id="").status_code == 302  # removed: nothing left verified
    citizen.refresh_from_db()
    assert (citizen.citizen_id, citizen.identity_verified_via, citizen.identity_verified_at) == ("", "", None)
