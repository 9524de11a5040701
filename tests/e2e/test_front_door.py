"""The public site as a front door, in a browser: a visitor searches from the home page with a typo, opens the
procedure and is offered "Nộp trực tuyến"; the service points with their map (desktop with tiles, phone without);
the lookup of a dossier waiting for a supplement."""

import re
import struct
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.core.actors import SYSTEM
from motcua.org import services as org_services
from motcua.reports.models import ReceptionMonthStat
from tests.builders import a_dossier, a_procedure, a_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TILES = re.compile(r"^https://tile\.openstreetmap\.org/")


def a_tile() -> bytes:
    """A 256×256 PNG, pale with a grid: what a tile server would answer, without the network."""
    size, rows = 256, []
    for y in range(size):
        line = bytearray([0])
        for x in range(size):
            line += b"\xc8\xd2\xdc" if x % 64 == 0 or y % 64 == 0 else b"\xee\xf1\xf4"
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def front(transactional_db):
    from motcua.catalog.services import catalog_seed

    catalog_seed()
    world = a_world()
    org = world.org
    centre_at = {"latitude": Decimal("21.059800"), "longitude": Decimal("105.836500")}
    org_services.unit_upsert(
        actor=SYSTEM,
        code=org.centre.code,
        phone="024 3700 1000",
        commune=org.committee.commune,
        address="197 Nghi Tàm, phường Tây Hồ, thành phố Hà Nội",
        **centre_at,
    )
    for unit, phone, lat, lon in [
        (org.branch1, "024 3700 1010", "21.035800", "105.834000"),
        (org.branch2, "024 3700 1020", "21.032900", "105.795000"),
    ]:
        org_services.unit_upsert(
            actor=SYSTEM,
            code=unit.code,
            phone=phone,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            address=f"{unit.commune.name}, thành phố Hà Nội",
        )
    a_dossier(world, channel="counter").received().build()  # counted by the roll-up, today
    ReceptionMonthStat.objects.create(
        month=timezone.localdate().replace(day=1),
        receiving_unit=org.centre,
        procedure=a_procedure("1.000894"),
        channel="counter",
        received=3,
    )
    return world


def test_visitor_searches_with_a_typo_and_is_offered_online_filing(live_server, page, screenshot, front):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Thủ tục thường nộp nhiều nhất")).to_be_visible()
    popular = page.locator(".popular li")
    expect(popular).to_have_count(2)
    expect(popular.first).to_have_text("Thủ tục đăng ký kết hôn")  # 3 marriages, 1 birth
    expect(page.locator(".hotline-number")).to_have_text("024 3700 1000")
    screenshot("front-home")

    page.get_by_label("Bạn cần làm thủ tục gì?").fill("khai sinhh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url(re.compile(r"/procedures/\?q=khai\+sinhh"))
    first = page.locator(".procedure-list li").first
    expect(first).to_contain_text("Thủ tục đăng ký khai sinh")
    screenshot("front-search-typo")

    first.get_by_role("link").click()
    page.get_by_role("heading", name="Thủ tục đăng ký khai sinh", level=1).wait_for()
    file_online = page.get_by_role("link", name="Nộp trực tuyến", exact=True)
    expect(file_online).to_be_visible()
    screenshot("front-procedure-file-online")
    file_online.click()
    page.wait_for_url(re.compile(r"/login/\?next=/file/1\.001193/"))
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


@pytest.mark.parametrize(("width", "tiles"), [(1280, "served"), (360, "unreachable")])
def test_service_points_list_and_map(live_server, browser, front, width, tiles):
    from tests.e2e.conftest import ARTIFACTS

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    requested = []
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    if tiles == "served":
        tile = a_tile()
        page.route(
            TILES,
            lambda route: (requested.append(route.request.url), route.fulfill(body=tile, content_type="image/png")),
        )
    else:  # an intranet: the tile server cannot be reached
        page.route(TILES, lambda route: (requested.append(route.request.url), route.abort()))
    try:
        page.goto(live_server.url + "/service-points/")
        groups = page.locator(".commune-group")
        expect(groups).to_have_count(2)
        expect(page.get_by_role("link", name="024 3700 1010")).to_be_visible()
        expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
        expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
        page.wait_for_load_state("networkidle")
        assert requested, "the map asked for tiles"
        assert not [e for e in errors if "Content Security Policy" in e]
        the_map, caption = page.locator("#service-map").bounding_box(), page.locator(".points-map p").bounding_box()
        assert caption["y"] >= the_map["y"] + the_map["height"]  # nothing drawn over the map
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"front-service-points-{width}.png"), full_page=True)
        page.locator(".leaflet-marker-icon").first.click()
        expect(page.locator(".leaflet-popup-content")).to_contain_text("024 3700")

        page.get_by_label("Tìm theo tên, địa chỉ hoặc xã, phường (có thể gõ không dấu)").fill("chi nhanh so 2")
        page.get_by_role("button", name="Tìm kiếm").click()
        expect(page.locator(".point-list li")).to_have_count(1)
        expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
        page.screenshot(path=str(ARTIFACTS / f"front-service-points-search-{width}.png"), full_page=True)
    finally:
        context.close()


def test_lookup_of_a_dossier_waiting_for_a_supplement(live_server, page, screenshot, front):
    dossier = (
        a_dossier(front, channel="counter")
        .in_process()
        .supplement_requested(items=("Bản sao giấy chứng nhận kết hôn của cha mẹ", "Giấy chứng sinh (bản chính)"))
        .build()
    )
    page.goto(live_server.url + "/lookup/")
    page.get_by_label("Mã hồ sơ (trên giấy tiếp nhận)").fill("  " + dossier.code.lower().replace("-", " ") + " ")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name="Còn thiếu")).to_be_visible()
    missing = page.locator(".missing-items li")
    expect(missing).to_have_text(["Bản sao giấy chứng nhận kết hôn của cha mẹ", "Giấy chứng sinh (bản chính)"])
    expect(page.locator(".state")).to_have_text("Yêu cầu bổ sung")
    screenshot("front-lookup-supplement")
