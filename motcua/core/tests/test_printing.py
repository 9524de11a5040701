from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.core.checks import public_url_set
from motcua.core.management.commands.demo import reachable_host
from motcua.core.printing import code128_data_uri, place_and_date, place_name

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("name", "place"),
    [("Thành phố Hà Nội", "Hà Nội"), ("Tỉnh Cao Bằng", "Cao Bằng"), ("Cao Bằng", "Cao Bằng"), ("Thành phố Huế", "Huế")],
)
def test_the_place_is_the_province_without_its_kind(name, place):
    assert place_name(SimpleNamespace(name=name)) == place


@pytest.mark.parametrize(
    ("when", "line"),
    [
        (datetime(2026, 2, 5, 9, 0, tzinfo=HANOI), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (datetime(2026, 1, 15, 9, 0, tzinfo=HANOI), "Hà Nội, ngày 15 tháng 01 năm 2026"),
        (datetime(2026, 3, 9, 9, 0, tzinfo=HANOI), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (datetime(2026, 12, 31, 9, 0, tzinfo=HANOI), "Hà Nội, ngày 31 tháng 12 năm 2026"),
        # 20:00 UTC on 31 December is already New Year's Day in Hà Nội.
        (datetime(2026, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC")), "Hà Nội, ngày 01 tháng 01 năm 2027"),
    ],
)
def test_place_and_date_follow_decree_30(when, line):
    assert place_and_date(SimpleNamespace(name="Thành phố Hà Nội"), when) == line


def test_the_barcode_is_an_svg_image():
    assert code128_data_uri("T01.B1-260205-0001").startswith("data:image/svg+xml;base64,")


def test_a_loopback_public_address_is_a_deploy_warning(settings):
    settings.MOTCUA = {"PUBLIC_URL": "http://127.0.0.1:8000", "DEMO": False}
    assert [w.id for w in public_url_set(None)] == ["core.W001"]
    settings.MOTCUA = {"PUBLIC_URL": "https://motcua.example.gov.vn", "DEMO": False}
    assert public_url_set(None) == []
    settings.MOTCUA = {"PUBLIC_URL": "http://127.0.0.1:8000", "DEMO": True}
    assert public_url_set(None) == []


def test_the_demo_links_to_the_address_it_serves_on():
    assert reachable_host("192.168.1.20") == "192.168.1.20"
    assert reachable_host("::1") == "[::1]"
    assert reachable_host("0.0.0.0") not in {"0.0.0.0", ""}  # noqa: S104
