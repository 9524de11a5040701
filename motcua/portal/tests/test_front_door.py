"""The public site as a front door: the home page (search, most filed procedures, hotline), the procedure page's
"Nộp trực tuyến", and the service points (search, grouping by commune, phones, the map and its CSP)."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.core.actors import SYSTEM
from motcua.org import services as org_services
from motcua.org.models import Unit, UnitKind
from motcua.portal import conf as portal_conf
from motcua.reports.models import ReceptionMonthStat
from tests.builders import a_citizen, a_dossier, a_procedure

pytestmark = pytest.mark.django_db
BIRTH = "1.001193"
MARRIAGE = "1.000894"


def set_phone(unit, phone, **extra):
    return org_services.unit_upsert(actor=SYSTEM, code=unit.code, phone=phone, **extra)


@pytest.fixture
def filed(world, working_morning):
    """Two birth registrations received through the services (the roll-up counts them) and a month of
    marriages in the roll-up itself, more of them: marriages are the most filed."""
    a_dossier(world).received().build()
    a_dossier(world).received().build()
    ReceptionMonthStat.objects.create(
        month=date(2026, 10, 1),
        receiving_unit=world.org.centre,
        procedure=a_procedure(MARRIAGE),
        channel="counter",
        received=5,
    )
    ReceptionMonthStat.objects.create(  # more than a year ago: not counted
        month=date(2025, 6, 1),
        receiving_unit=world.org.centre,
        procedure=world.procedure,
        channel="counter",
        received=50,
    )
    return world


def test_home_page_searches_and_lists_the_most_filed_procedures(client, filed):
    set_phone(filed.org.centre, "024 3700 1000")
    html = client.get("/").content.decode()
    assert 'action="/procedures/"' in html and 'name="q"' in html
    marriage, birth = html.index(f"/procedures/{MARRIAGE}/"), html.index(f"/procedures/{BIRTH}/")
    assert marriage < birth  # 5 marriages, 2 births (the 50 of last year are too old)
    assert "Thủ tục thường nộp nhiều nhất" in html
    assert "024 3700 1000" in html and 'href="tel:02437001000"' in html and "Đường dây nóng" in html


def test_home_page_without_figures_or_hotline_still_reads(client, world):
    html = client.get("/").content.decode()
    assert "Chưa có hồ sơ nào được nộp trong năm nay." in html
    assert "Hỏi tại bất kỳ điểm tiếp nhận nào." in html


def test_home_page_queries_are_few_and_the_figures_cached(client, filed, django_assert_max_num_queries):
    client.get("/")  # fills the cache
    with django_assert_max_num_queries(3):  # the session-less page: cache read, centre, nothing else
        html = client.get("/").content.decode()
    assert f"/procedures/{MARRIAGE}/" in html


@pytest.mark.parametrize(
    ("code", "shown"),
    [(BIRTH, True), ("2.000884", False)],  # birth registration is online; the other is at the counter only
)
def test_file_online_button_only_for_procedures_that_allow_it(client, seeded_catalog, code, shown):
    from motcua.catalog.models import OnlineLevel, Procedure

    procedure = Procedure.objects.get(code=code)
    assert (procedure.online_level != OnlineLevel.NONE) is shown
    html = client.get(f"/procedures/{code}/").content.decode()
    assert ('class="file-online"' in html) is shown
    if shown:  # a visitor logs in first, then lands on the filing page
        assert ">Nộp trực tuyến</a>" in html
        assert f'href="/login/?next=/file/{code}/"' in html


def test_file_online_button_for_a_citizen_links_to_filing_and_staff_see_none(client, world):
    client.force_login(a_citizen())
    html = client.get(f"/procedures/{BIRTH}/").content.decode()
    assert f'href="/file/{BIRTH}/"' in html and ">Nộp trực tuyến</a>" in html
    client.force_login(world.officer_b1)
    assert 'class="file-online"' not in client.get(f"/procedures/{BIRTH}/").content.decode()


@pytest.fixture
def points(org):
    centre_at = {"latitude": Decimal("21.0598"), "longitude": Decimal("105.8365")}
    set_phone(org.centre, "024 3700 1000", commune=org.committee.commune, **centre_at)
    branch_at = {"latitude": Decimal("21.0358"), "longitude": Decimal("105.834")}
    set_phone(org.branch1, "024 3700 1010", address="12 Phố Hàng Bài", **branch_at)
    set_phone(org.branch2, "")
    return org


def test_service_points_are_grouped_by_commune_with_phones(client, points):
    html = client.get("/service-points/").content.decode()
    first, second = sorted([points.branch1.commune.name, points.branch2.commune.name], key=lambda n: n.split(" ", 1)[1])
    assert html.index(f">{first}</h2>") < html.index(f">{second}</h2>")
    assert html.count('class="commune-group"') == 2  # the centre stands in branch 1's commune
    assert 'href="tel:02437001010"' in html and "024 3700 1010" in html
    assert "3 điểm tiếp nhận" in html


def test_service_points_search_ignores_diacritics_and_the_commune_prefix(client, points):
    commune = points.branch2.commune.name  # e.g. "Phường Hoàn Kiếm"
    from motcua.core.text import fold

    bare = fold(commune.split(" ", 1)[1])
    html = client.get("/service-points/", {"q": bare}).content.decode()
    assert points.branch2.name in html and points.branch1.name not in html
    html = client.get("/service-points/", {"q": "hang bai"}).content.decode()
    assert points.branch1.name in html and points.branch2.name not in html
    html = client.get("/service-points/", {"q": "zzz"}).content.decode()
    assert "Không có điểm tiếp nhận nào khớp" in html and "service-map" not in html


def test_service_points_map_has_markers_local_leaflet_and_tiles(client, points):
    response = client.get("/service-points/")
    html = response.content.decode()
    assert 'id="service-map"' in html and "/static/vendor/leaflet/leaflet.js" in html
    assert f'data-tiles="{portal_conf.MAP_TILES}"' in html and "OpenStreetMap" in html
    assert "105.8365" in html and "105.834" in html  # the two points with coordinates
    policy = response.headers["Content-Security-Policy"]
    img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src")).split()
    assert img_src == ["img-src", "'self'", "data:", "https://tile.openstreetmap.org"]
    assert "https:" not in img_src and "*" not in img_src


def test_only_the_map_page_allows_the_tile_origin(client, points):
    for path in ("/", "/procedures/", "/lookup/"):
        assert "openstreetmap" not in client.get(path).headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("tiles", "origin"),
    [
        ("https://{s}.tiles.example.vn/osm/{z}/{x}/{y}.png", "https://*.tiles.example.vn"),
        ("http://tiles.intranet:8080/{z}/{x}/{y}.png", "http://tiles.intranet:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),  # served by this site: 'self' covers it
    ],
)
def test_the_tile_setting_decides_the_csp_origin(client, points, settings, tiles, origin):
    settings.MOTCUA_MAP_TILES = tiles
    assert portal_conf.map_tile_origin() == origin
    response = client.get("/service-points/")
    img_src = next(d for d in response.headers["Content-Security-Policy"].split(";") if "img-src" in d).split()
    assert img_src == ["img-src", "'self'", "data:", *([origin] if origin else [])]
    assert f'data-tiles="{tiles}"' in response.content.decode()


def test_service_points_without_coordinates_have_no_map(client, org):
    Unit.objects.filter(kind__in=[UnitKind.SERVICE_CENTRE, UnitKind.BRANCH]).update(latitude=None, longitude=None)
    response = client.get("/service-points/")
    assert "service-map" not in response.content.decode()
    assert "openstreetmap" not in response.headers["Content-Security-Policy"]
